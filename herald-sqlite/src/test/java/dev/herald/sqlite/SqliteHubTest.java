package dev.herald.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.MessageEvent;
import dev.herald.hub.Hub;
import dev.herald.hub.Update;
import dev.herald.testsupport.SseSubscriber;
import dev.herald.testsupport.TestHub;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub on a SQLite history over real HTTP: replay across a restart, replays joining live delivery while publishes
 * go on, and a full file answered with 503.
 */
class SqliteHubTest {

    private static final String TOPIC = "https://example.com/durable";

    @TempDir
    Path dir;

    private final List<Hub> hubs = new ArrayList<>();

    @AfterEach
    void tearDown() {
        hubs.forEach(Hub::close);
    }

    private Hub hub(SqliteTransport transport) {
        Hub hub = TestHub.start(transport);
        hubs.add(hub);
        return hub;
    }


    @Test
    void aSubscriberResumesAcrossARestartWithExactlyWhatFollowed() throws Exception {
        Path file = dir.resolve("history.db");
        Hub first = hub(SqliteTransport.open(file));
        for (String id : List.of("a", "b", "c")) {
            TestHub.publish(first, TOPIC, id, "data " + id);
        }
        first.close();
        hubs.remove(first);

        Hub second = hub(SqliteTransport.open(file));
        try (SseSubscriber resumed = SseSubscriber.open(TestHub.subscribeUrl(second, TOPIC),
                Map.of("Last-Event-ID", "a"))) {
            assertThat(resumed.status()).isEqualTo(200);
            TestHub.publish(second, TOPIC, "d", "data d");
            assertThat(resumed.next(3)).extracting(MessageEvent::lastEventId).containsExactly("b", "c", "d");
            assertThat(resumed.poll(300)).isNull();
        }
        try (SseSubscriber everything = SseSubscriber.open(TestHub.subscribeUrl(second, TOPIC),
                Map.of("Last-Event-ID", "earliest"))) {
            assertThat(everything.next(4)).extracting(MessageEvent::data)
                    .containsExactly("data a", "data b", "data c", "data d");
        }
    }

    @Test
    void aReplayLongerThanOnePageArrivesWholeInOrder() throws Exception {
        Path file = dir.resolve("history.db");
        SqliteTransport transport = SqliteTransport.open(file);
        String data = "y".repeat(10_000);
        List<CompletableFuture<Void>> stored = new ArrayList<>();
        for (int i = 0; i < 400; i++) { // 4 MB of data: four pages and more
            stored.add(transport.append(Update.builder().topic(TOPIC).id("big" + i).data(data + i).build()));
        }
        Hub hub = hub(transport);
        CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        try (SseSubscriber everything = SseSubscriber.open(TestHub.subscribeUrl(hub, TOPIC),
                Map.of("Last-Event-ID", "earliest"))) {
            TestHub.publish(hub, TOPIC, "live", "after the replay");
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                expected.add("big" + i);
            }
            expected.add("live");
            assertThat(everything.next(expected.size())).extracting(MessageEvent::lastEventId).isEqualTo(expected);
            assertThat(everything.poll(200)).isNull();
        }
    }

    @Test
    void aReplayJoinsLiveDeliveryWithoutLossOrRepeatWhilePublishesGoOn() throws Exception {
        Hub hub = hub(SqliteTransport.open(dir.resolve("history.db")));
        int updates = 1_500;
        List<String> published = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread publisher = new Thread(() -> {
            try {
                for (int i = 0; i < updates; i++) {
                    TestHub.publish(hub, TOPIC, "u" + i, "data " + i);
                    published.add("u" + i);
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "publisher");
        publisher.start();
        List<SseSubscriber> joined = new ArrayList<>();
        List<String> from = new ArrayList<>();
        try {
            // Subscribers join at different moments, each from an id published a while before: the replay and the
            // live stream overlap while updates keep being committed.
            for (int k = 0; k < 5; k++) {
                while (published.size() < 200 * (k + 1)) {
                    Thread.sleep(5);
                }
                String last = published.get(published.size() - 150);
                from.add(last);
                joined.add(SseSubscriber.open(TestHub.subscribeUrl(hub, TOPIC), Map.of("Last-Event-ID", last)));
            }
            publisher.join(60_000);
            assertThat(failure.get()).isNull();
            for (int k = 0; k < joined.size(); k++) {
                int first = Integer.parseInt(from.get(k).substring(1)) + 1;
                List<String> expected = new ArrayList<>();
                for (int i = first; i < updates; i++) {
                    expected.add("u" + i);
                }
                assertThat(joined.get(k).next(expected.size())).extracting(MessageEvent::lastEventId)
                        .as("subscriber from " + from.get(k)).isEqualTo(expected);
                assertThat(joined.get(k).poll(100)).isNull();
            }
        } finally {
            joined.forEach(SseSubscriber::close);
        }
    }

    @Test
    void aFullFileGives503AndEveryUpdateAnswered200IsStored() throws Exception {
        Path file = dir.resolve("history.db");
        Hub hub = hub(SqliteTransport.builder(file).maxFileBytes(256 * 1024).build());
        String data = "x".repeat(2_000);
        List<String> acknowledged = new ArrayList<>();
        HttpResponse<String> refused = null;
        for (int i = 0; i < 1_000 && refused == null; i++) {
            HttpResponse<String> response = TestHub.post(hub, "topic", TOPIC, "id", "u" + i, "data", data);
            if (response.statusCode() == 200) {
                acknowledged.add("u" + i);
            } else {
                refused = response;
            }
        }
        assertThat(refused).as("a publish refused once the file is full").isNotNull();
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("cannot store updates").contains("full");
        assertThat(acknowledged).hasSizeGreaterThan(20);

        // Still refused, never a false 200, while the file stays full; what was acknowledged is all there.
        assertThat(TestHub.post(hub, "topic", TOPIC, "id", "late", "data", data).statusCode()).isEqualTo(503);
        assertThat(HistoryRows.ids(file)).isEqualTo(acknowledged);
        try (SseSubscriber replayed = SseSubscriber.open(TestHub.subscribeUrl(hub, TOPIC),
                Map.of("Last-Event-ID", "earliest"))) {
            assertThat(replayed.next(acknowledged.size())).extracting(MessageEvent::lastEventId)
                    .isEqualTo(acknowledged);
        }
    }

    @Test
    void aFullFileAcceptsPublishesAgainOnceRetentionFreesRoom() throws Exception {
        Path file = dir.resolve("history.db");
        Hub hub = hub(SqliteTransport.builder(file).maxFileBytes(256 * 1024).historySize(20).build());
        String data = "x".repeat(2_000);
        for (int i = 0; i < 500; i++) {
            HttpResponse<String> response = TestHub.post(hub, "topic", TOPIC, "id", "u" + i, "data", data);
            assertThat(response.statusCode()).as("publish " + i + ": " + response.body()).isEqualTo(200);
        }
        assertThat(HistoryRows.ids(file)).hasSize(20).endsWith("u499");
    }
}
