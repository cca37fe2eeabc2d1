package dev.herald.redis;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Publishes numbered updates at a steady rate through whichever hub nodes are live, as the chaos tests need: update
 * n is due at {@code start + n * interval}; an attempt answered otherwise than 200 (503 while Redis is down, a reset
 * while a node goes) is retried with a new id, as the first may or may not have been stored.
 */
final class SteadyPublisher {

    private SteadyPublisher() {
    }

    /**
     * Publishes {@code updates} updates to {@code topic} through the nodes in {@code live} (hub URLs, changed by other
     * threads meanwhile) in turn, recording every id tried and every id acknowledged; gives up after
     * {@code giveUpMillis}.
     */
    static void publish(List<String> live, String topic, int updates, long intervalMicros, long start,
            long giveUpMillis, List<String> acknowledged, Set<String> attempted) throws Exception {
        long giveUp = System.currentTimeMillis() + giveUpMillis;
        int turn = 0;
        for (int n = 0; n < updates; n++) {
            long wait = start + TimeUnit.MICROSECONDS.toNanos(n * intervalMicros) - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            for (int attempt = 0; ; attempt++) {
                if (System.currentTimeMillis() > giveUp) {
                    throw new AssertionError("publishing took too long; stuck at update " + n);
                }
                List<String> nodes = List.copyOf(live); // one snapshot: the test thread changes the list meanwhile
                String url = nodes.get(turn++ % nodes.size());
                String id = "u" + n + "-" + attempt;
                attempted.add(id);
                int status;
                try {
                    HttpResponse<String> response = TestHub.post(url, "topic", topic, "id", id,
                            "data", Integer.toString(n));
                    status = response.statusCode();
                } catch (IOException e) {
                    status = -1;
                }
                if (status == 200) {
                    acknowledged.add(id);
                    break;
                }
                Thread.sleep(20);
            }
        }
    }

    /** Sleeps until {@code millis} after {@code start} (a {@link System#nanoTime()}). */
    static void sleepUntil(long start, long millis) throws InterruptedException {
        long wait = start + TimeUnit.MILLISECONDS.toNanos(millis) - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
