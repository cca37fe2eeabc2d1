package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.MessageEvent;
import dev.herald.hub.Hub;
import dev.herald.testsupport.SseSubscriber;
import dev.herald.testsupport.TestHub;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Two hub nodes in one JVM sharing one Redis stream, spoken to over HTTP. */
class ClusterTest {

    private static final String TOPIC = "https://example.com/books/1";

    private final List<AutoCloseable> open = new ArrayList<>();
    private String key;
    private Hub a;
    private Hub b;

    @BeforeEach
    void setUp(TestInfo test) {
        TestRedis.assumeAvailable();
        key = TestRedis.uniqueKey(test.getTestMethod().orElseThrow().getName());
        a = node();
        b = node();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (key != null) {
            TestRedis.delete(TestRedis.URL, key);
        }
    }

    private Hub node() {
        Hub hub = TestHub.start(RedisTransport.builder(TestRedis.URL).streamKey(key).build());
        open.add(hub);
        return hub;
    }

    private SseSubscriber subscribe(Hub hub, Map<String, String> headers) throws Exception {
        SseSubscriber subscriber = SseSubscriber.open(TestHub.subscribeUrl(hub, TOPIC), headers);
        open.add(subscriber);
        assertThat(subscriber.status()).isEqualTo(200);
        return subscriber;
    }

    private static List<String> ids(List<MessageEvent> events) {
        return events.stream().map(MessageEvent::lastEventId).toList();
    }

    @Test
    void aSubscriberOnOneNodeReceivesWhatIsPublishedOnTheOther() throws Exception {
        SseSubscriber onA = subscribe(a, Map.of());
        SseSubscriber onB = subscribe(b, Map.of());
        TestHub.publish(b, TOPIC, "from-b", "sold");
        TestHub.publish(a, TOPIC, "from-a", "returned");

        List<MessageEvent> gotOnA = onA.next(2);
        assertThat(ids(gotOnA)).containsExactly("from-b", "from-a");
        assertThat(gotOnA).extracting(MessageEvent::data).containsExactly("sold", "returned");
        assertThat(ids(onB.next(2))).containsExactly("from-b", "from-a");
        assertThat(onA.poll(200)).isNull();
    }

    @Test
    void aLastEventIdFromOneNodeResumesOnTheOther() throws Exception {
        SseSubscriber onA = subscribe(a, Map.of());
        for (int i = 1; i <= 3; i++) {
            TestHub.publish(a, TOPIC, "e" + i, "data " + i);
        }
        List<MessageEvent> seen = onA.next(3);
        onA.close();
        TestHub.publish(b, TOPIC, "e4", "data 4");
        TestHub.publish(a, TOPIC, "e5", "data 5");

        SseSubscriber onB = subscribe(b, Map.of("Last-Event-ID", seen.get(1).lastEventId()));
        assertThat(onB.response.headers().firstValue("Last-Event-ID")).contains("e2");
        TestHub.publish(a, TOPIC, "e6", "data 6");
        assertThat(ids(onB.next(4))).containsExactly("e3", "e4", "e5", "e6");
        assertThat(onB.poll(200)).isNull();
    }

    @Test
    void earliestOnAnyNodeReplaysWhatEveryNodePublished() throws Exception {
        TestHub.publish(a, TOPIC, "x1", "1");
        TestHub.publish(b, TOPIC, "x2", "2");
        SseSubscriber onB = subscribe(b, Map.of("Last-Event-ID", "earliest"));
        assertThat(ids(onB.next(2))).containsExactly("x1", "x2");
    }

    @Test
    void anUnknownLastEventIdReplaysNothing() throws Exception {
        TestHub.publish(a, TOPIC, "y1", "1");
        SseSubscriber onB = subscribe(b, Map.of("Last-Event-ID", "urn:uuid:unknown"));
        assertThat(onB.response.headers().firstValue("Last-Event-ID")).contains("earliest");
        TestHub.publish(a, TOPIC, "y2", "2");
        assertThat(ids(onB.next(1))).containsExactly("y2");
    }

    @Test
    void replayAndLiveUpdatesJoinWithoutLossOrRepeatWhilePublishingGoesOn() throws Exception {
        SseSubscriber first = subscribe(a, Map.of());
        TestHub.publish(a, TOPIC, "r0", "0");
        String cursor = first.next(1).get(0).lastEventId();
        first.close();
        Thread publisher = new Thread(() -> {
            try {
                for (int i = 1; i <= 200; i++) {
                    TestHub.publish(i % 2 == 0 ? a : b, TOPIC, "r" + i, Integer.toString(i));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        publisher.start();
        // Resume on B while updates keep arriving from both nodes: history and live must meet exactly.
        Thread.sleep(20);
        SseSubscriber resumed = subscribe(b, Map.of("Last-Event-ID", cursor));
        publisher.join(20_000);
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            expected.add("r" + i);
        }
        assertThat(ids(resumed.next(200))).isEqualTo(expected);
        assertThat(resumed.poll(200)).isNull();
    }
}
