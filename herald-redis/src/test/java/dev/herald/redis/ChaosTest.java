package dev.herald.redis;

import dev.herald.hub.Hub;
import dev.herald.testsupport.PrivateRedis;
import dev.herald.testsupport.ResumingSubscriber;
import dev.herald.testsupport.TestHub;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
        List<ResumingSubscriber> onA = List.of(subscriber("a1", a, Map.of()), subscriber("a2", a, Map.of()));
        ResumingSubscriber b1 = subscriber("b1", b, Map.of());
        ResumingSubscriber b2 = subscriber("b2", b, Map.of());

        SteadyPublisher publisher = SteadyPublisher.start(List.of(a.url(), b.url()), TOPIC, UPDATES, INTERVAL_MICROS,
                35_000);

        publisher.sleepUntil(3_000);
        redis.stop(true);
        Thread.sleep(300);
        redis.startAgain();

        publisher.sleepUntil(6_000);
        publisher.live.remove(b.url());
        b.close();
        b1.resumeAt(TestHub.subscribeUrl(a, TOPIC));
        Hub c = node();
        publisher.live.add(c.url());
        b2.resumeAt(TestHub.subscribeUrl(c, TOPIC));
        ResumingSubscriber late = subscriber("c-earliest", c, Map.of("Last-Event-ID", "earliest"));

        List<ResumingSubscriber> everyone = new ArrayList<>(onA);
        everyone.addAll(List.of(b1, b2, late));
        publisher.assertEverySubscriberHoldsTheLog(redis.url(), everyone, 40_000, 15_000);
    }
}
