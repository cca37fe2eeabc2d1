package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.MessageEvent;
import dev.herald.hub.Hub;
import dev.herald.hub.TransportUnavailableException;
import dev.herald.hub.Update;
import dev.herald.testsupport.PrivateRedis;
import dev.herald.testsupport.SseSubscriber;
import dev.herald.testsupport.TestHub;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redis going away and coming back, with a redis-server of the test's own. */
class RedisOutageTest {

    private static final String TOPIC = "https://example.com/outage";

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

    private SseSubscriber subscribe(Hub hub) throws Exception {
        SseSubscriber subscriber = SseSubscriber.open(TestHub.subscribeUrl(hub, TOPIC), Map.of());
        cluster.track(subscriber);
        assertThat(subscriber.status()).isEqualTo(200);
        return subscriber;
    }

    private static List<String> ids(List<MessageEvent> events) {
        return events.stream().map(MessageEvent::lastEventId).toList();
    }

    @Test
    void publishingWhileRedisIsDownIsAnsweredWith503AndSubscribersCarryOnWhenItReturns() throws Exception {
        Hub a = node();
        Hub b = node();
        SseSubscriber onA = subscribe(a);
        SseSubscriber onB = subscribe(b);
        TestHub.publish(b, TOPIC, "before-1", "1");
        TestHub.publish(a, TOPIC, "before-2", "2");
        assertThat(ids(onA.next(2))).containsExactly("before-1", "before-2");
        assertThat(ids(onB.next(2))).containsExactly("before-1", "before-2");

        redis.stop(false);
        HttpResponse<String> refused = TestHub.post(b, "topic", TOPIC, "id", "during", "data", "lost");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThatThrownBy(() -> a.publish(Update.builder().id("during-2").topic(TOPIC).build()))
                .isInstanceOf(TransportUnavailableException.class);
        SseSubscriber replayWhileDown = SseSubscriber.open(TestHub.subscribeUrl(a, TOPIC),
                Map.of("Last-Event-ID", "before-1"));
        cluster.track(replayWhileDown);
        assertThat(replayWhileDown.status()).isEqualTo(503);

        redis.startAgain();
        // The first publishes may meet a connection that has not noticed yet; a publisher retries on 503.
        long deadline = System.currentTimeMillis() + 10_000;
        while (TestHub.post(a, "topic", TOPIC, "id", "after-1", "data", "3").statusCode() != 200) {
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
            Thread.sleep(50);
        }
        TestHub.publish(b, TOPIC, "after-2", "4");
        TestHub.publish(a, TOPIC, "after-3", "5");

        // The same streams, never closed: the tails resumed, and nothing refused was delivered.
        assertThat(ids(onA.next(3))).containsExactly("after-1", "after-2", "after-3");
        assertThat(ids(onB.next(3))).containsExactly("after-1", "after-2", "after-3");
        assertThat(onA.poll(300)).isNull();
        assertThat(onB.poll(0)).isNull();
        assertThat(onA.ended()).isFalse();
        assertThat(onB.ended()).isFalse();
    }

    @Test
    void aRestartThatKeepsTheDataLosesNothingAndRepeatsNothing() throws Exception {
        Hub a = node();
        Hub b = node();
        SseSubscriber onA = subscribe(a);
        for (int i = 1; i <= 5; i++) {
            TestHub.publish(b, TOPIC, "k" + i, Integer.toString(i));
        }
        assertThat(ids(onA.next(5))).containsExactly("k1", "k2", "k3", "k4", "k5");

        redis.stop(true);
        redis.startAgain();
        long deadline = System.currentTimeMillis() + 10_000;
        while (TestHub.post(b, "topic", TOPIC, "id", "k6", "data", "6").statusCode() != 200) {
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(ids(onA.next(1))).containsExactly("k6");
        assertThat(onA.poll(300)).isNull();

        // The history survived the restart: a Last-Event-ID from before it resumes on the other node.
        SseSubscriber resumed = SseSubscriber.open(TestHub.subscribeUrl(b, TOPIC), Map.of("Last-Event-ID", "k3"));
        cluster.track(resumed);
        assertThat(ids(resumed.next(3))).containsExactly("k4", "k5", "k6");
    }
}
