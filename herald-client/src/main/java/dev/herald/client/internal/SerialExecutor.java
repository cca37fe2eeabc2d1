package dev.herald.client.internal;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks one at a time, in submission order, on another executor. Each task happens-before the next, so state
 * touched only by these tasks needs no locks. A task submitted while one runs is queued, never run inside it, so a
 * task may submit more without recursion.
 */
final class SerialExecutor implements Executor {

    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());

    private final Executor executor;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Tasks submitted and not yet run; whoever raises it from zero starts the runner. */
    private final AtomicInteger queued = new AtomicInteger();

    /** Runs tasks on {@code executor}; with {@code Runnable::run}, on whichever thread finds the queue idle. */
    public SerialExecutor(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(Objects.requireNonNull(task, "task"));
        if (queued.getAndIncrement() == 0) {
            try {
                executor.execute(this::runQueued);
            } catch (RejectedExecutionException e) {
                // Nothing can run any more; say so once rather than fail whichever thread submitted.
                LOG.log(System.Logger.Level.ERROR, "the executor rejected event source work; it stops", e);
            }
        }
    }

    private void runQueued() {
        do {
            Runnable task = tasks.poll();
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "event source task failed", e);
            }
        } while (queued.decrementAndGet() != 0);
    }
}
