package dev.herald.postgres;

import java.util.concurrent.TimeUnit;

/**
 * Whether PostgreSQL can be written now, as far as this node knows without asking: its tail holds a live connection
 * (it notices a lost one at once, as the socket closes) and no write failed in the last second. While it cannot,
 * appends fail at once with 503 instead of waiting for a connection that will not come.
 */
final class Availability {

    /** How long appends are refused after a failed write, before the next batch is tried. */
    static final long REFUSE_AFTER_FAILURE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private volatile boolean tailConnected;
    private volatile long failedWriteAt;
    private volatile boolean failedWrite;
    private volatile String lastProblem = "the transport has not started";

    /** The tail has (again) a connection that listens. */
    void tailConnected() {
        tailConnected = true;
    }

    /** The tail lost its connection: {@code problem} says how. */
    void tailLost(String problem) {
        tailConnected = false;
        lastProblem = problem;
    }

    /** A write failed: {@code problem} says how. */
    void writeFailed(String problem) {
        lastProblem = problem;
        failedWriteAt = System.nanoTime();
        failedWrite = true;
    }

    /** A write succeeded. */
    void writeSucceeded() {
        failedWrite = false;
    }

    /** Whether an append should be tried now. */
    boolean writable() {
        return tailConnected && !(failedWrite && System.nanoTime() - failedWriteAt < REFUSE_AFTER_FAILURE_NANOS);
    }

    /** What went wrong last, for the 503's message. */
    String problem() {
        return lastProblem;
    }
}
