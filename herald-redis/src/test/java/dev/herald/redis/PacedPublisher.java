package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The pace of the chaos and failover tests' publishers, on a thread of its own: update n is due at
 * {@code start + n * interval} and is attempted in turn through the live hub nodes until one attempt is answered 200.
 * What an attempt sends and remembers is the publisher's own ({@link SteadyPublisher}, {@link RetryingPublisher}).
 */
final class PacedPublisher {

    /** One attempt at update {@code n} through the hub at {@code url}; true when it was answered 200. */
    interface Attempt {
        boolean publish(int n, int attempt, String url) throws InterruptedException;
    }

    /** The hub URLs to publish through; tests change it while the publisher runs. */
    final List<String> live;
    private final int updates;
    private final long intervalMicros;
    private final long start = System.nanoTime();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;

    private PacedPublisher(String name, List<String> live, int updates, long intervalMicros, long giveUpMillis,
            long pauseMillis, Attempt attempt, Supplier<String> whenStuck) {
        this.live = new CopyOnWriteArrayList<>(live);
        this.updates = updates;
        this.intervalMicros = intervalMicros;
        this.thread = new Thread(() -> {
            try {
                publish(giveUpMillis, pauseMillis, attempt, whenStuck);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, name);
    }

    /**
     * Starts publishing {@code updates} updates, one every {@code intervalMicros}, pausing {@code pauseMillis} after
     * a failed attempt; gives up after {@code giveUpMillis}, saying {@code whenStuck} of the attempts so far.
     */
    static PacedPublisher start(String name, List<String> live, int updates, long intervalMicros, long giveUpMillis,
            long pauseMillis, Attempt attempt, Supplier<String> whenStuck) {
        PacedPublisher publisher = new PacedPublisher(name, live, updates, intervalMicros, giveUpMillis, pauseMillis,
                attempt, whenStuck);
        publisher.thread.start();
        return publisher;
    }

    /** Sleeps until {@code millis} after the publisher started. */
    void sleepUntil(long millis) throws InterruptedException {
        long wait = start + TimeUnit.MILLISECONDS.toNanos(millis) - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** Waits for the publisher to finish and checks that it did, without failing. */
    void join(long millis) throws InterruptedException {
        thread.join(millis);
        assertThat(thread.isAlive()).as("publisher finished").isFalse();
        assertThat(failure.get()).isNull();
    }

    private void publish(long giveUpMillis, long pauseMillis, Attempt attempt, Supplier<String> whenStuck)
            throws InterruptedException {
        long giveUp = System.currentTimeMillis() + giveUpMillis;
        int turn = 0;
        for (int n = 0; n < updates; n++) {
            long wait = start + TimeUnit.MICROSECONDS.toNanos(n * intervalMicros) - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            for (int tried = 0; ; tried++) {
                if (System.currentTimeMillis() > giveUp) {
                    throw new AssertionError("publishing took too long; stuck at update " + n + whenStuck.get());
                }
                List<String> nodes = List.copyOf(live); // one snapshot: the test thread changes the list meanwhile
                if (attempt.publish(n, tried, nodes.get(turn++ % nodes.size()))) {
                    break;
                }
                Thread.sleep(pauseMillis);
            }
        }
    }
}
