package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.Hub;
import dev.herald.testsupport.PrivateRedisCluster;
import dev.herald.testsupport.SseSubscriber;
import dev.herald.testsupport.TestHub;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Sentinel failover test on a Redis Cluster of three masters with a replica each: two hub nodes on
 * {@code redis-cluster://}, 600 updates retried with the same id until answered 200, and the master of the stream's
 * slot SIGKILLed a third of the way, its replica promoted by the cluster. Every acknowledged update reaches both
 * subscribers in order, once; their streams never end; the promoted master holds them all under the hash-tagged key.
 */
class ClusterFailoverTest {

    private static final String TOPIC = "https://example.com/cluster-failover";
    private static final String KEY = "{" + RedisTransport.DEFAULT_STREAM_KEY + "}";
    private static final int UPDATES = 600;
    private static final long INTERVAL_MICROS = 10_000;

    @RegisterExtension
    final Opened opened = new Opened();

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void acknowledgedUpdatesSurviveTheDeathOfTheStreamsMaster() throws Exception {
        PrivateRedisCluster cluster = opened.track(PrivateRedisCluster.start());
        Hub a = opened.track(TestHub.start(RedisTransport.of(cluster.url())));
        Hub b = opened.track(TestHub.start(RedisTransport.of(cluster.url())));
        SseSubscriber onA = opened.track(SseSubscriber.open(TestHub.subscribeUrl(a, TOPIC), Map.of()));
        SseSubscriber onB = opened.track(SseSubscriber.open(TestHub.subscribeUrl(b, TOPIC), Map.of()));

        RetryingPublisher publisher = RetryingPublisher.start(List.of(a.url(), b.url()), TOPIC, UPDATES,
                INTERVAL_MICROS, 70_000);
        publisher.sleepUntil(UPDATES * INTERVAL_MICROS / 3_000);
        int oldMaster = cluster.killMasterOf(KEY);
        int newMaster = cluster.awaitNewMasterOf(KEY, oldMaster, 30);
        publisher.join(70_000);

        List<String> stored = TestRedis.with("redis://127.0.0.1:" + newMaster, connection -> connection.sync()
                .xrange(KEY, io.lettuce.core.Range.unbounded()).stream()
                .map(entry -> entry.getBody().get("id")).toList());
        assertThat(stored).as("the promoted master's stream").containsAll(publisher.acknowledged);

        long deadline = System.currentTimeMillis() + 15_000;
        publisher.assertReceivedInOrderOnce("subscriber on A",
                SentinelFailoverTest.receive(onA, publisher.acknowledged, deadline));
        publisher.assertReceivedInOrderOnce("subscriber on B",
                SentinelFailoverTest.receive(onB, publisher.acknowledged, deadline));
        assertThat(onA.ended()).as("A's stream still open").isFalse();
        assertThat(onB.ended()).as("B's stream still open").isFalse();
        System.out.printf("cluster failover: %d updates acknowledged, %d attempts failed (%s), %d retried%n",
                publisher.acknowledged.size(), publisher.failures.size(),
                publisher.failures.stream().distinct().toList(), publisher.retried.size());
    }
}
