package dev.herald.client;

import static org.assertj.core.api.Assertions.fail;

/** Watches a server that writes as fast as it can, to see the client's backpressure stop it. */
final class Backpressure {

    private Backpressure() {
    }

    /**
     * Waits until the server has sent nothing for 300 ms (its writes block because the client stopped reading)
     * and returns how much it had sent; fails if it is still sending after 10 seconds.
     */
    static long awaitStall(ServerExchange server) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long last = -1;
        long unchangedSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long sent = server.bytesSent();
            if (sent != last) {
                last = sent;
                unchangedSince = System.nanoTime();
            } else if (System.nanoTime() - unchangedSince >= 300_000_000L) {
                return sent;
            }
            Thread.sleep(20);
        }
        return fail("the server never stalled; it sent " + last + " bytes");
    }

    /** Waits up to 5 seconds for the server to send more than {@code stalledAt} bytes; fails if it does not. */
    static void awaitResume(ServerExchange server, long stalledAt) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.bytesSent() <= stalledAt) {
            if (System.nanoTime() > deadline) {
                fail("the server did not resume; it is still at " + stalledAt + " bytes");
            }
            Thread.sleep(10);
        }
    }
}
