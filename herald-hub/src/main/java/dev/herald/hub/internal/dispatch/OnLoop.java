package dev.herald.hub.internal.dispatch;

import io.netty.util.concurrent.EventExecutor;

/**
 * Continues work on an event loop: at once when the caller is already on it (the memory transport completes appends
 * and replays inline), else as a task. A task queued from the loop itself would wait behind everything else the loop
 * has to do, such as its share of a fan-out.
 */
public final class OnLoop {

    private OnLoop() {
    }

    /** Runs {@code task} on {@code loop}: now when called from it, later otherwise. */
    public static void run(EventExecutor loop, Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }
}
