package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.Hub;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 2,000 updates at a steady 200 a second through hub nodes sharing a private Redis, while Redis restarts once
 * (keeping its data), one node is closed and a new one started. Every subscriber, moving to a surviving node with
 * its Last-Event-ID when its node goes, must end up with exactly the log: every update, in order, once.
 */
class ChaosTest {

    private static final String TOPIC = "https://example.com/chaos";
    private static final int UPDATES = 2_000;
    private static final long INTERVAL_MICROS = 5_000;

    private PrivateCluster cluster;
    private PrivateRedis redis;

    @BeforeEach
    void setUp() throws Exception {
        cluster = PrivateCluster.start();
        redis = cluster.redis;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Hub node() {
        return cluster.node();
    }

    private ResumingSubscriber subscriber(String name, Hub hub, Map<String, String> headers) throws Exception {
        ResumingSubscriber subscriber = ResumingSubscriber.open(name, TestHub.subscribeUrl(hub, TOPIC), headers);
        cluster.track(subscriber);
        return subscriber;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everySubscriberHoldsTheWholeLogInOrderOnce() throws Exception {
        Hub a = node();
        Hub b = node();
        List<String> live = new CopyOnWriteArrayList<>(List.of(a.url(), b.url()));
        List<ResumingSubscriber> onA = List.of(subscriber("a1", a, Map.of()), subscriber("a2", a, Map.of()));
        ResumingSubscriber b1 = subscriber("b1", b, Map.of());
        ResumingSubscriber b2 = subscriber("b2", b, Map.of());

        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        Set<String> attempted = Collections.synchronizedSet(new HashSet<>());
        AtomicReference<Throwable> publisherFailure = new AtomicReference<>();
        long start = System.nanoTime();
        Thread publisher = new Thread(() -> {
            try {
                SteadyPublisher.publish(live, TOPIC, UPDATES, INTERVAL_MICROS, start, 35_000, acknowledged, attempted);
            } catch (Throwable e) {
                publisherFailure.set(e);
            }
        }, "chaos-publisher");
        publisher.start();

        SteadyPublisher.sleepUntil(start, 3_000);
        redis.stop(true);
        Thread.sleep(300);
        redis.startAgain();

        SteadyPublisher.sleepUntil(start, 6_000);
        live.remove(b.url());
        b.close();
        b1.resumeAt(TestHub.subscribeUrl(a, TOPIC));
        Hub c = node();
        live.add(c.url());
        b2.resumeAt(TestHub.subscribeUrl(c, TOPIC));
        ResumingSubscriber late = subscriber("c-earliest", c, Map.of("Last-Event-ID", "earliest"));

        publisher.join(40_000);
        assertThat(publisher.isAlive()).as("publisher finished").isFalse();
        assertThat(publisherFailure.get()).isNull();
        assertThat(acknowledged).hasSize(UPDATES);

        List<String> log = TestRedis.with(redis.url(), connection -> connection.sync()
                .xrange(RedisTransport.DEFAULT_STREAM_KEY, io.lettuce.core.Range.unbounded()).stream()
                .map(entry -> entry.getBody().get("id")).toList());
        assertThat(log).containsAll(acknowledged).doesNotHaveDuplicates();
        assertThat(attempted).containsAll(log);

        long deadline = System.currentTimeMillis() + 15_000;
        List<ResumingSubscriber> everyone = new ArrayList<>(onA);
        everyone.addAll(List.of(b1, b2, late));
        for (ResumingSubscriber subscriber : everyone) {
            assertThat(subscriber.awaitEvents(log.size(), deadline)).as(subscriber.toString()).isEqualTo(log);
        }
        Thread.sleep(200);
        for (ResumingSubscriber subscriber : everyone) {
            assertThat(subscriber.awaitEvents(log.size() + 1, 0)).as(subscriber + " afterwards").hasSize(log.size());
        }
    }
}
