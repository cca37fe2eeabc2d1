package dev.herald.servlet.internal;

/**
 * The hub's right to use one request's response, until the container takes it back. A container may reuse a finished
 * request's objects for a later request on another connection (Tomcat recycles its response, output buffer and async
 * context), so a stream that wrote after its request ended would write into another client's response, or end it.
 * Every use of the response holds this lease; the container's thread ends it when the request ends, waiting for a use
 * in progress, and nothing is written after that.
 */
final class ResponseLease {

    private boolean ended;

    /** Runs {@code use} with the response unless the request has ended; returns whether it ran. */
    synchronized boolean use(Runnable use) {
        if (ended) {
            return false;
        }
        use.run();
        return true;
    }

    /** The request ended (on the container's thread, before the container reuses its objects). */
    synchronized void end() {
        ended = true;
    }

    /** Whether the request has ended. */
    synchronized boolean ended() {
        return ended;
    }
}
