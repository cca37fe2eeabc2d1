package dev.herald.hub.internal.assembly;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Whether a hub's event loops still run tasks: a liveness check. A loop stuck in a task (a blocking call, an endless
 * loop) serves none of its connections, though the process and its other loops look alive.
 */
final class LoopLiveness {

    private final EventLoopGroup group;

    LoopLiveness(EventLoopGroup group) {
        this.group = group;
    }

    /**
     * Whether every loop runs a task within {@code limit}: false when one is stuck, or the loops have stopped. The
     * calling thread's own loop, if it is one, answers by asking.
     */
    boolean answerWithin(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        List<Future<?>> answers = new ArrayList<>();
        for (EventExecutor loop : group) {
            if (loop.isShuttingDown()) {
                return false;
            }
            if (!loop.inEventLoop()) {
                try {
                    answers.add(loop.submit(() -> { }));
                } catch (RejectedExecutionException e) {
                    return false;
                }
            }
        }
        try {
            for (Future<?> answer : answers) {
                if (!answer.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }
}
