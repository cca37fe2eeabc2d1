package dev.herald.servlet.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Who applies the hub's answer to one request: the container's thread that started the request, while it waits for
 * the answer, or a dispatch back to the container once it has stopped waiting. Exactly one of them does, however the
 * hub's loop and that thread race.
 */
final class AnswerHandoff {

    private static final int WAITING = 0;
    private static final int HANDED_OVER = 1;
    private static final int DISPATCH = 2;

    private final AtomicInteger state = new AtomicInteger(WAITING);
    private final Thread starter = Thread.currentThread();

    /**
     * The hub answered (the answer stored first): true if the starting thread takes it, false if the caller must
     * dispatch it.
     */
    boolean handOver() {
        if (state.compareAndSet(WAITING, HANDED_OVER)) {
            LockSupport.unpark(starter);
            return true;
        }
        return false;
    }

    /** The request ended without an answer: the starting thread stops waiting, with nothing to apply. */
    void release() {
        if (state.compareAndSet(WAITING, DISPATCH)) {
            LockSupport.unpark(starter);
        }
    }

    /**
     * On the starting thread: waits up to {@code nanos} for the answer; true if it was handed over, to be applied
     * by this thread, false if it goes (or went) by dispatch.
     */
    boolean await(long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (state.get() == WAITING) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                if (state.compareAndSet(WAITING, DISPATCH)) {
                    return false;
                }
                break; // handed over meanwhile
            }
            LockSupport.parkNanos(this, left);
        }
        return state.get() == HANDED_OVER;
    }
}
