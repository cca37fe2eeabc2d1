package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testsupport.ResumingSubscriber;
import dev.herald.testsupport.TestHub;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The chaos tests' publisher, on a thread of its own: numbered updates at a steady rate through whichever hub nodes
 * are live. Update n is due at {@code start + n * interval}; an attempt answered otherwise than 200 (503 while Redis
 * is down, a reset while a node goes) is retried with a new id, as the first may or may not have been stored. At the
 * end it checks that every subscriber holds exactly the stream: every update, in order, once.
 */
final class SteadyPublisher {

    /** The hub URLs to publish through; tests change it while the publisher runs. */
    final List<String> live;
    private final List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> attempted = Collections.synchronizedSet(new HashSet<>());
    private final String topic;
    private final int updates;
    private final PacedPublisher pace;

    private SteadyPublisher(List<String> live, String topic, int updates, long intervalMicros, long giveUpMillis) {
        this.topic = topic;
        this.updates = updates;
        this.pace = PacedPublisher.start("steady-publisher", live, updates, intervalMicros, giveUpMillis, 20,
                this::attempt, () -> "");
        this.live = pace.live;
    }

    /** Starts publishing {@code updates} updates to {@code topic}, one every {@code intervalMicros}. */
    static SteadyPublisher start(List<String> live, String topic, int updates, long intervalMicros,
            long giveUpMillis) {
        return new SteadyPublisher(live, topic, updates, intervalMicros, giveUpMillis);
    }

    /** Sleeps until {@code millis} after the publisher started. */
    void sleepUntil(long millis) throws InterruptedException {
        pace.sleepUntil(millis);
    }

    /**
     * Waits for the publisher to finish; checks that Redis's stream at {@code redisUrl} holds every acknowledged
     * update once and only attempted ones, then that each subscriber received exactly that stream within
     * {@code deliveryMillis} and nothing more afterwards.
     */
    void assertEverySubscriberHoldsTheLog(String redisUrl, List<ResumingSubscriber> subscribers, long joinMillis,
            long deliveryMillis) throws InterruptedException {
        pace.join(joinMillis);
        assertThat(acknowledged).hasSize(updates);

        List<String> log = TestRedis.with(redisUrl, connection -> connection.sync()
                .xrange(RedisTransport.DEFAULT_STREAM_KEY, io.lettuce.core.Range.unbounded()).stream()
                .map(entry -> entry.getBody().get("id")).toList());
        assertThat(log).containsAll(acknowledged).doesNotHaveDuplicates();
        assertThat(attempted).containsAll(log);

        long deadline = System.currentTimeMillis() + deliveryMillis;
        for (ResumingSubscriber subscriber : subscribers) {
            assertThat(subscriber.awaitEvents(log.size(), deadline)).as(subscriber.toString()).isEqualTo(log);
        }
        Thread.sleep(200);
        for (ResumingSubscriber subscriber : subscribers) {
            assertThat(subscriber.awaitEvents(log.size() + 1, 0)).as(subscriber + " afterwards").hasSize(log.size());
        }
    }

    // Each attempt has an id of its own, as a failed one may or may not have been stored.
    private boolean attempt(int n, int attempt, String url) throws InterruptedException {
        String id = "u" + n + "-" + attempt;
        attempted.add(id);
        int status;
        try {
            status = TestHub.post(url, "topic", topic, "id", id, "data", Integer.toString(n)).statusCode();
        } catch (IOException e) {
            status = -1;
        }
        if (status == 200) {
            acknowledged.add(id);
            return true;
        }
        return false;
    }
}
