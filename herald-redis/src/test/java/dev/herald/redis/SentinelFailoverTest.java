package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.MessageEvent;
import dev.herald.hub.Hub;
import dev.herald.testsupport.PrivateSentinel;
import dev.herald.testsupport.SseSubscriber;
import dev.herald.testsupport.TestHub;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A failover under load: a master, two replicas and three Sentinels of the test's own; two hub nodes on
 * {@code redis-sentinel://}, each with a subscriber; 600 updates published through both nodes, each retried with the
 * same id until answered 200; the master SIGKILLed a third of the way. Every acknowledged update must reach both
 * subscribers in order, once (only an update whose publish was retried may come twice, and its publisher knew), the
 * subscribers' streams never end, and the new master holds every acknowledged update.
 */
class SentinelFailoverTest {

    private static final String TOPIC = "https://example.com/failover";
    private static final int UPDATES = 600;
    private static final long INTERVAL_MICROS = 10_000;

    @RegisterExtension
    final Opened opened = new Opened();

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void acknowledgedUpdatesSurviveTheMastersDeathAndReachEverySubscriberOnce() throws Exception {
        PrivateSentinel redis = opened.track(PrivateSentinel.start());
        failover(redis, redis.url(), "master");
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void readingFromReplicasRidesThroughTheFailoverToo() throws Exception {
        PrivateSentinel redis = opened.track(PrivateSentinel.start());
        failover(redis, redis.url(), "replica");
    }

    private void failover(PrivateSentinel redis, String url, String readFrom) throws Exception {
        Hub a = opened.track(TestHub.start(RedisTransport.builder(url).readFrom(readFrom).build()));
        Hub b = opened.track(TestHub.start(RedisTransport.builder(url).readFrom(readFrom).build()));
        SseSubscriber onA = opened.track(SseSubscriber.open(TestHub.subscribeUrl(a, TOPIC), Map.of()));
        SseSubscriber onB = opened.track(SseSubscriber.open(TestHub.subscribeUrl(b, TOPIC), Map.of()));
        assertThat(onA.status()).isEqualTo(200);
        assertThat(onB.status()).isEqualTo(200);

        RetryingPublisher publisher = RetryingPublisher.start(List.of(a.url(), b.url()), TOPIC, UPDATES,
                INTERVAL_MICROS, 70_000);
        publisher.sleepUntil(UPDATES * INTERVAL_MICROS / 3_000);
        int oldMaster = redis.killMaster();
        int newMaster = redis.awaitNewMaster(oldMaster, 30);
        publisher.join(70_000);

        List<String> stored = TestRedis.with("redis://127.0.0.1:" + newMaster, connection -> connection.sync()
                .xrange(RedisTransport.DEFAULT_STREAM_KEY, io.lettuce.core.Range.unbounded()).stream()
                .map(entry -> entry.getBody().get("id")).toList());
        assertThat(stored).as("the new master's stream").containsAll(publisher.acknowledged);

        long deadline = System.currentTimeMillis() + 15_000;
        publisher.assertReceivedInOrderOnce("subscriber on A", receive(onA, publisher.acknowledged, deadline));
        publisher.assertReceivedInOrderOnce("subscriber on B", receive(onB, publisher.acknowledged, deadline));
        assertThat(onA.ended()).as("A's stream still open").isFalse();
        assertThat(onB.ended()).as("B's stream still open").isFalse();
        System.out.printf("failover (reads from %s): %d updates acknowledged, %d attempts failed (%s), %d retried%n",
                readFrom, publisher.acknowledged.size(), publisher.failures.size(),
                publisher.failures.stream().distinct().toList(), publisher.retried.size());
    }

    /** The ids {@code subscriber} receives until it has every one of {@code expected}, or the deadline. */
    static List<String> receive(SseSubscriber subscriber, List<String> expected, long deadline)
            throws InterruptedException {
        List<String> received = new ArrayList<>();
        Set<String> missing = new HashSet<>(expected);
        while (!missing.isEmpty() && System.currentTimeMillis() < deadline) {
            MessageEvent event = subscriber.poll(100);
            if (event != null) {
                received.add(event.lastEventId());
                missing.remove(event.lastEventId());
            }
        }
        MessageEvent late;
        while ((late = subscriber.poll(200)) != null) {
            received.add(late.lastEventId());
        }
        return received;
    }
}
