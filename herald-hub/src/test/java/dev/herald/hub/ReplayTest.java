package dev.herald.hub;

import static dev.herald.hub.HubFixture.publish;
import static dev.herald.hub.HubFixture.subscribeUrl;
import static dev.herald.hub.HubFixture.topics;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.MessageEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplayTest {

    private TestHub hub;

    @BeforeEach
    void start() {
        hub = HubFixture.start(HubFixture.builder().historySize(1000));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void lastEventIdReplaysWhatCameAfterItThenGoesLive() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(publish(hub, "topic", "t:replay", "data", "u" + i));
        }
        publish(hub, "topic", "t:other", "data", "not mine");
        try (StreamReader stream = StreamReader.open(subscribeUrl(hub, topics("t:replay")),
                Map.of("Last-Event-ID", ids.get(1)))) {
            assertThat(stream.response.headers().firstValue("last-event-id")).contains(ids.get(1));
            assertThat(stream.next(3)).extracting(MessageEvent::data).containsExactly("u2", "u3", "u4");
            publish(hub, "topic", "t:replay", "data", "live");
            assertThat(stream.next().data()).isEqualTo("live");
            assertThat(stream.poll(200)).isNull();
        }
    }

    @Test
    void theQueryParameterOfEitherDialectCarriesTheCursor() throws Exception {
        String first = publish(hub, "topic", "t:q", "data", "a");
        publish(hub, "topic", "t:q", "data", "b");
        for (String parameter : List.of("lastEventID", "last_event_id")) {
            try (StreamReader stream = StreamReader.open(
                    subscribeUrl(hub, topics("t:q") + "&" + parameter + "=" + first), Map.of())) {
                assertThat(stream.next().data()).as(parameter).isEqualTo("b");
            }
        }
    }

    @Test
    void earliestReplaysTheWholeHistory() throws Exception {
        publish(hub, "topic", "t:all", "data", "1");
        publish(hub, "topic", "t:all", "data", "2");
        try (StreamReader stream = StreamReader.open(subscribeUrl(hub, topics("t:all")),
                Map.of("Last-Event-ID", "earliest"))) {
            assertThat(stream.next(2)).extracting(MessageEvent::data).containsExactly("1", "2");
        }
    }

    @Test
    void anUnknownIdReplaysNothingAndSaysEarliest() throws Exception {
        publish(hub, "topic", "t:unknown", "data", "old");
        try (StreamReader stream = StreamReader.open(subscribeUrl(hub, topics("t:unknown")),
                Map.of("Last-Event-ID", "urn:uuid:never-published"))) {
            assertThat(stream.response.headers().firstValue("last-event-id")).contains("earliest");
            publish(hub, "topic", "t:unknown", "data", "new");
            assertThat(stream.next().data()).isEqualTo("new");
        }
    }

    @Test
    void aHistoryLargerThanTheOutboundBoundIsReplayedInFull() throws Exception {
        try (TestHub small = HubFixture.start(HubFixture.builder().historySize(5000).maxQueuedBytesPerSubscriber(64 * 1024))) {
            String data = "y".repeat(200);
            for (int i = 0; i < 3000; i++) {
                small.publish(Update.of("t:big-history", i + ":" + data)); // about 700 KB of history
            }
            try (StreamReader stream = StreamReader.open(HubFixture.subscribeUrl(small, topics("t:big-history")),
                    Map.of("Last-Event-ID", "earliest"))) {
                for (int i = 0; i < 3000; i++) {
                    assertThat(stream.next().data()).startsWith(i + ":");
                }
                small.publish(Update.of("t:big-history", "live"));
                assertThat(stream.next().data()).isEqualTo("live");
            }
        }
    }

    /** Subscribers reconnect again and again while updates flow: each sees every update exactly once, in order. */
    @Test
    void reconnectingWhilePublishingLosesAndRepeatsNothing() throws Exception {
        int total = 600;
        AtomicBoolean failed = new AtomicBoolean();
        Thread publisher = new Thread(() -> {
            try {
                for (int i = 0; i < total; i++) {
                    publish(hub, "topic", "t:storm", "data", Integer.toString(i));
                }
            } catch (Exception e) {
                failed.set(true);
            }
        });
        List<String> received = new ArrayList<>();
        String lastId = "earliest";
        publisher.start();
        while (received.size() < total) {
            try (StreamReader stream = StreamReader.open(subscribeUrl(hub, topics("t:storm")),
                    Map.of("Last-Event-ID", lastId))) {
                for (int i = 0; i < 37 && received.size() < total; i++) {
                    MessageEvent event = stream.next();
                    received.add(event.data());
                    lastId = event.lastEventId();
                }
            }
        }
        publisher.join();
        assertThat(failed).isFalse();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            expected.add(Integer.toString(i));
        }
        assertThat(received).isEqualTo(expected);
    }

    @Test
    void aReusedIdResumesAfterItsEarliestUpdateAndSendsTheLaterOnesToo() throws Exception {
        publish(hub, "topic", "t:dup", "data", "first", "id", "dup");
        publish(hub, "topic", "t:dup", "data", "x", "id", "x");
        publish(hub, "topic", "t:dup", "data", "second", "id", "dup");
        publish(hub, "topic", "t:dup", "data", "y", "id", "y");
        try (StreamReader stream = StreamReader.open(subscribeUrl(hub, topics("t:dup")), Map.of("Last-Event-ID", "dup"))) {
            assertThat(stream.response.headers().firstValue("mercure-last-event-id")).contains("dup");
            assertThat(stream.next(3)).extracting(MessageEvent::data).containsExactly("x", "second", "y");
        }
    }

    @Test
    void aReusedIdWhoseEarliestUpdateLeftHistoryResumesFromTheNextOne() throws Exception {
        try (TestHub small = HubFixture.start(HubFixture.builder().historySize(3))) {
            publish(small, "topic", "t:dup", "data", "first", "id", "dup");
            publish(small, "topic", "t:dup", "data", "x", "id", "x");
            publish(small, "topic", "t:dup", "data", "second", "id", "dup");
            publish(small, "topic", "t:dup", "data", "y", "id", "y");
            try (StreamReader stream = StreamReader.open(subscribeUrl(small, topics("t:dup")),
                    Map.of("Last-Event-ID", "dup"))) {
                assertThat(stream.response.headers().firstValue("mercure-last-event-id")).contains("dup");
                assertThat(stream.next().data()).isEqualTo("y");
                assertThat(stream.poll(200)).isNull();
            }
        }
    }

    @Test
    void historyKeepsWithinItsByteBudgetByDroppingTheOldest() throws Exception {
        String large = "x".repeat(10_000); // about 20 KB of heap each, counted as two bytes a char
        try (TestHub small = HubFixture.start(HubFixture.builder().historySize(1000).historyMaxBytes(100_000))) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add(publish(small, "topic", "t:big", "data", large + i));
            }
            try (StreamReader stream = StreamReader.open(subscribeUrl(small, topics("t:big")),
                    Map.of("Last-Event-ID", "earliest"))) {
                List<MessageEvent> kept = new ArrayList<>();
                for (MessageEvent event = stream.poll(1000); event != null; event = stream.poll(300)) {
                    kept.add(event);
                }
                assertThat(kept).hasSizeBetween(3, 5);
                assertThat(kept.get(kept.size() - 1).lastEventId()).isEqualTo(ids.get(19));
            }
        }
    }
}
