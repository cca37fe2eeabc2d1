package dev.herald.client.internal;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon threads all event sources share: one timer thread for reconnection delays and idle timeouts, and a
 * pool that runs callbacks when the user gives no executor. Daemon threads, so that a forgotten source never keeps
 * the JVM alive.
 */
final class SharedThreads {

    private SharedThreads() {
    }

    /** Runs {@code task} after {@code delay} on the timer thread; the task must be quick. */
    public static ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return Timer.INSTANCE.schedule(task, nanos(delay), TimeUnit.NANOSECONDS);
    }

    /** The duration in nanoseconds, saturated: a server may send a {@code retry} of centuries. */
    static long nanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** The default executor for callbacks: a growing pool of daemon threads. */
    public static ExecutorService callbacks() {
        return Callbacks.INSTANCE;
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Created on first use, so that merely loading the classes starts no thread. */
    private static final class Timer {
        static final ScheduledThreadPoolExecutor INSTANCE = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemons("herald-timer-"));
            timer.setRemoveOnCancelPolicy(true); // idle checks are cancelled all the time; do not let them pile up
            return timer;
        }
    }

    private static final class Callbacks {
        static final ExecutorService INSTANCE = Executors.newCachedThreadPool(daemons("herald-event-source-"));
    }
}
