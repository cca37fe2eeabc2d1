package dev.herald.redis;

import dev.herald.testsupport.HubProcess;
import dev.herald.testsupport.ResumingSubscriber;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chaos test with real processes: 10,000 updates at a steady 500 a second through hub nodes that each run in a
 * JVM of their own on a private Redis, while one node is killed with SIGKILL and replaced, Redis restarts (keeping
 * its data), and the other original node is killed too. Subscribers move to a live node with their Last-Event-ID, as
 * a browser behind a load balancer would; each must end with exactly the log: every update, in order, once.
 */
class KilledNodesTest {

    private static final String TOPIC = "https://example.com/killed";
    private static final int UPDATES = 10_000;
    private static final long INTERVAL_MICROS = 2_000;

    private PrivateCluster cluster;

    @BeforeEach
    void setUp() throws Exception {
        cluster = PrivateCluster.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private HubProcess node() throws Exception {
        return cluster.track(HubProcess.start(RedisNodeMain.class, cluster.redis.url()));
    }

    private static String subscribeUrl(HubProcess node) {
        return node.url() + "?topic=" + URLEncoder.encode(TOPIC, StandardCharsets.UTF_8);
    }

    private ResumingSubscriber subscriber(String name, HubProcess node, Map<String, String> headers)
            throws Exception {
        return cluster.track(ResumingSubscriber.open(name, subscribeUrl(node), headers));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void subscribersOfKilledNodesResumeElsewhereWithNothingLost() throws Exception {
        HubProcess a = node();
        HubProcess b = node();
        ResumingSubscriber a1 = subscriber("a1", a, Map.of());
        ResumingSubscriber a2 = subscriber("a2", a, Map.of());
        ResumingSubscriber b1 = subscriber("b1", b, Map.of());
        ResumingSubscriber b2 = subscriber("b2", b, Map.of());

        SteadyPublisher publisher = SteadyPublisher.start(List.of(a.url(), b.url()), TOPIC, UPDATES, INTERVAL_MICROS,
                80_000);

        publisher.sleepUntil(4_000);
        publisher.live.remove(b.url());
        b.kill();
        b1.resumeAt(subscribeUrl(a));
        HubProcess c = node();
        publisher.live.add(c.url());
        b2.resumeAt(subscribeUrl(c));
        ResumingSubscriber late = subscriber("c-earliest", c, Map.of("Last-Event-ID", "earliest"));

        publisher.sleepUntil(10_000);
        cluster.redis.stop(true);
        Thread.sleep(300);
        cluster.redis.startAgain();

        publisher.sleepUntil(14_000);
        publisher.live.remove(a.url());
        a.kill();
        a1.resumeAt(subscribeUrl(c));
        b1.resumeAt(subscribeUrl(c));
        HubProcess d = node();
        publisher.live.add(d.url());
        a2.resumeAt(subscribeUrl(d));

        publisher.assertEverySubscriberHoldsTheLog(cluster.redis.url(), List.of(a1, a2, b1, b2, late), 90_000, 20_000);
    }
}
