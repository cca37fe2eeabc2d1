package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.hub.Transport;
import dev.herald.hub.Transport.Replay;
import dev.herald.hub.TransportUnavailableException;
import dev.herald.hub.Update;
import dev.herald.testsupport.Received;
import io.lettuce.core.StreamMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The transport's contract against a real Redis, the way {@code MemoryTransport} keeps it. */
class RedisTransportTest {

    private final List<RedisTransport> transports = new ArrayList<>();
    private String key;

    @BeforeEach
    void setUp(TestInfo test) {
        TestRedis.assumeAvailable();
        key = TestRedis.uniqueKey(test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void tearDown() {
        transports.forEach(RedisTransport::close);
        if (key != null) {
            TestRedis.delete(TestRedis.URL, key);
        }
    }

    private RedisTransport node(Received listener) {
        return node(listener, RedisTransport.DEFAULT_MAX_LENGTH);
    }

    private RedisTransport node(Received listener, long maxLength) {
        RedisTransport transport = RedisTransport.builder(TestRedis.URL).streamKey(key).maxLength(maxLength).build();
        transports.add(transport);
        transport.start(listener);
        return transport;
    }

    private static Update update(String id) {
        return Update.builder().id(id).topic("https://example.com/t").data("data of " + id).build();
    }

    private static void appendAll(RedisTransport transport, String... ids) {
        for (String id : ids) {
            transport.append(update(id)).join();
        }
    }

    private static List<String> ids(List<Received.Delivery> deliveries) {
        return deliveries.stream().map(delivery -> delivery.update().id()).toList();
    }

    @Test
    void theTailDeliversAppendsInOrderWithIncreasingPositions() throws Exception {
        Received live = new Received();
        RedisTransport transport = node(live);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add("u" + i);
        }
        appendAll(transport, expected.toArray(String[]::new));
        List<Received.Delivery> got = live.next(50);
        assertThat(ids(got)).isEqualTo(expected);
        assertThat(got).extracting(Received.Delivery::position).isSorted().doesNotHaveDuplicates();
        assertThat(got.get(0).update()).isEqualTo(update("u0"));
        assertThat(live.overlapped()).isFalse();
    }

    @Test
    void appendCompletesOnceTheEntryIsInTheStream() {
        Received live = new Received();
        RedisTransport transport = node(live);
        Update update = Update.builder().id("stored").topic("a").topic("b").data("d").type("t")
                .retry(Duration.ofSeconds(3)).privateUpdate(true).build();
        transport.append(update).join();
        List<StreamMessage<String, String>> entries = TestRedis.with(TestRedis.URL,
                redis -> redis.sync().xrange(key, io.lettuce.core.Range.unbounded()));
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).getBody()).isEqualTo(Map.of("id", "stored", "topics", "[\"a\",\"b\"]",
                "private", "1", "type", "t", "retry", "3000", "data", "d"));
        assertThat(transport.lastEventId()).contains("stored");
    }

    @Test
    void aNodeFollowsFromTheTailItFoundAtStart() throws Exception {
        RedisTransport first = node(new Received());
        appendAll(first, "before-1", "before-2");
        Received live = new Received();
        RedisTransport second = node(live);
        assertThat(second.lastEventId()).contains("before-2");
        appendAll(first, "after-1");
        appendAll(second, "after-2");
        assertThat(ids(live.next(2))).containsExactly("after-1", "after-2");
        assertThat(live.poll(200)).isNull();
    }

    @Test
    void replayAfterAnIdSendsWhatFollowsAtTheirLivePositions() throws Exception {
        Received live = new Received();
        RedisTransport a = node(live);
        appendAll(a, "u1", "u2", "u3", "u4", "u5");
        List<Received.Delivery> delivered = live.next(5);

        Received history = new Received();
        Replay replay = a.replay("u2", history).get(10, TimeUnit.SECONDS);
        assertThat(replay.found()).isTrue();
        assertThat(replay.headPosition()).isEqualTo(delivered.get(4).position());
        assertThat(history.all()).isEqualTo(delivered.subList(2, 5));
    }

    @Test
    void anIdIssuedByOneNodeResumesOnAnother() throws Exception {
        Received liveA = new Received();
        RedisTransport a = node(liveA);
        Received liveB = new Received();
        RedisTransport b = node(liveB);
        appendAll(a, "a1", "a2", "a3");
        List<Received.Delivery> deliveredOnB = liveB.next(3);
        assertThat(liveA.next(3)).isEqualTo(deliveredOnB);

        Received history = new Received();
        Replay replay = b.replay("a1", history).get(10, TimeUnit.SECONDS);
        assertThat(replay).isEqualTo(new Replay(true, deliveredOnB.get(2).position()));
        assertThat(history.all()).isEqualTo(deliveredOnB.subList(1, 3));
        assertThat(b.lastEventId()).contains("a3");
    }

    @Test
    void earliestReplaysTheWholeStream() throws Exception {
        Received live = new Received();
        RedisTransport transport = node(live);
        appendAll(transport, "e1", "e2", "e3");
        List<Received.Delivery> delivered = live.next(3);
        Received history = new Received();
        Replay replay = transport.replay("earliest", history).get(10, TimeUnit.SECONDS);
        assertThat(replay).isEqualTo(new Replay(true, delivered.get(2).position()));
        assertThat(history.all()).isEqualTo(delivered);
    }

    @Test
    void anUnknownIdReplaysNothingAndReportsTheHead() throws Exception {
        Received live = new Received();
        RedisTransport transport = node(live);
        appendAll(transport, "k1", "k2");
        List<Received.Delivery> delivered = live.next(2);
        Received history = new Received();
        Replay replay = transport.replay("urn:uuid:never-published", history).get(10, TimeUnit.SECONDS);
        assertThat(replay).isEqualTo(new Replay(false, delivered.get(1).position()));
        assertThat(history.all()).isEmpty();
    }

    @Test
    void anEmptyStreamHasNoHistoryAndNoLastEventId() throws Exception {
        RedisTransport transport = node(new Received());
        assertThat(transport.lastEventId()).isEmpty();
        Received history = new Received();
        assertThat(transport.replay("earliest", history).get(10, TimeUnit.SECONDS)).isEqualTo(new Replay(true, 0));
        assertThat(transport.replay("nothing", history).get(10, TimeUnit.SECONDS)).isEqualTo(new Replay(false, 0));
        assertThat(history.all()).isEmpty();
    }

    @Test
    void anIdPublishedTwiceResumesFromItsEarliestEntry() throws Exception {
        Received live = new Received();
        RedisTransport transport = node(live);
        appendAll(transport, "dup", "x", "dup", "y");
        live.next(4);
        Received history = new Received();
        assertThat(transport.replay("dup", history).get(10, TimeUnit.SECONDS).found()).isTrue();
        assertThat(history.ids()).containsExactly("x", "dup", "y");
    }

    @Test
    void aReusedIdWhoseEarliestEntryWasTrimmedResumesFromTheNextOne() throws Exception {
        RedisTransport transport = node(new Received(), 50);
        List<String> ids = new ArrayList<>();
        ids.add("dup");
        for (int i = 0; i < 400; i++) {
            ids.add("a" + i);
        }
        ids.add("dup");
        ids.add("after");
        appendAll(transport, ids.toArray(String[]::new));
        Received history = new Received();
        assertThat(transport.replay("dup", history).get(10, TimeUnit.SECONDS).found()).isTrue();
        assertThat(history.ids()).containsExactly("after");

        // Once every entry of the reused id is trimmed, its index entries are gone too.
        List<CompletableFuture<Void>> appends = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            appends.add(transport.append(update("b" + i)));
        }
        CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(transport.replay("dup", new Received()).get(10, TimeUnit.SECONDS).found()).isFalse();
        long[] reused = TestRedis.with(TestRedis.URL, redis -> new long[] {
            redis.sync().hlen(key + ":reused-next"), redis.sync().hlen(key + ":reused-newest")});
        assertThat(reused).containsExactly(0, 0);
    }

    @Test
    void trimmingTheStreamTrimsTheIdIndexWithIt() throws Exception {
        RedisTransport transport = node(new Received(), 50);
        List<CompletableFuture<Void>> appends = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            appends.add(transport.append(update("t" + i)));
        }
        CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        // A tail more than maxLength behind would miss entries; with this tiny cap the test reads Redis directly.
        List<String> kept = TestRedis.with(TestRedis.URL, redis -> redis.sync()
                .xrange(key, io.lettuce.core.Range.unbounded()).stream()
                .map(entry -> entry.getBody().get("id")).toList());
        long[] sizes = TestRedis.with(TestRedis.URL, redis -> new long[] {
            redis.sync().hlen(key + ":ids"), redis.sync().llen(key + ":order")});
        assertThat(kept.size()).isBetween(50, 250);
        assertThat(kept.get(kept.size() - 1)).isEqualTo("t399");
        assertThat(sizes).containsExactly(kept.size(), kept.size());

        String trimmed = "t" + (400 - kept.size() - 1);
        Received history = new Received();
        assertThat(transport.replay(trimmed, history).get(10, TimeUnit.SECONDS).found()).isFalse();
        assertThat(transport.replay(kept.get(0), history).get(10, TimeUnit.SECONDS).found()).isTrue();
        assertThat(history.ids()).isEqualTo(kept.subList(1, kept.size()));
    }

    @Test
    void aReplayStopsAfterAboutTheBytesAskedForAndReadsOnFromItsPosition() throws Exception {
        Received live = new Received();
        RedisTransport transport = node(live);
        appendAll(transport, "b1", "b2", "b3", "b4", "b5");
        List<Received.Delivery> delivered = live.next(5);
        long head = delivered.get(4).position();
        // Just over one update's data and id: a page stops after the entry that reaches it, so two a page.
        long bytes = Transport.pageBytes(update("b1")) + 1;

        Received first = new Received();
        assertThat(transport.replay("b1", bytes, first).get(10, TimeUnit.SECONDS).headPosition()).isEqualTo(head);
        assertThat(first.all()).isEqualTo(delivered.subList(1, 3));
        Received second = new Received();
        assertThat(transport.replayAfter(delivered.get(2).position(), head, bytes, second)
                .get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(second.all()).isEqualTo(delivered.subList(3, 5));
        Received none = new Received();
        assertThat(transport.replayAfter(head, head, bytes, none).get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(none.all()).isEmpty();
    }

    @Test
    void aPageAfterEntriesTrimmedMeanwhileSaysSo() throws Exception {
        Received live = new Received();
        RedisTransport transport = node(live);
        appendAll(transport, "c1", "c2", "c3");
        List<Received.Delivery> delivered = live.next(3);
        TestRedis.with(TestRedis.URL, redis -> redis.sync().xtrim(key, 1)); // c1 and c2 go

        Received next = new Received();
        assertThat(transport.replayAfter(delivered.get(0).position(), delivered.get(2).position(), Long.MAX_VALUE,
                next).get(10, TimeUnit.SECONDS)).as("c2 was trimmed before it could be read").isFalse();
    }

    @Test
    void aLongHistoryIsReplayedPageByPageInOrder() throws Exception {
        Received live = new Received();
        RedisTransport transport = node(live);
        int count = HistoryRead.PAGE * 2 + 500;
        List<CompletableFuture<Void>> appends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            appends.add(transport.append(update("p" + i)));
        }
        CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        List<Received.Delivery> delivered = live.next(count);

        Received everything = new Received();
        assertThat(transport.replay("earliest", everything).get(10, TimeUnit.SECONDS).headPosition())
                .isEqualTo(delivered.get(count - 1).position());
        assertThat(everything.all()).isEqualTo(delivered);
        Received tail = new Received();
        transport.replay(delivered.get(10).update().id(), tail).get(10, TimeUnit.SECONDS);
        assertThat(tail.all()).isEqualTo(delivered.subList(11, count));
    }

    @Test
    void aSequenceTooLargeForAPositionMovesTheEntryToTheNextMillisecond() {
        RedisTransport transport = node(new Received());
        // An entry in the future with the last sequence a position holds: Redis would give the next append the
        // same millisecond and a sequence one too large.
        long future = System.currentTimeMillis() + 600_000;
        TestRedis.with(TestRedis.URL, redis -> redis.sync().xadd(key,
                new io.lettuce.core.XAddArgs().id(future + "-" + EntryId.MAX_SEQ), Map.of("other", "writer")));
        appendAll(transport, "moved", "next");
        List<String> entryIds = TestRedis.with(TestRedis.URL, redis -> redis.sync()
                .xrange(key, io.lettuce.core.Range.unbounded()).stream().map(StreamMessage::getId).toList());
        assertThat(entryIds).containsExactly(future + "-" + EntryId.MAX_SEQ, (future + 1) + "-0", (future + 1) + "-1");
        String indexed = TestRedis.with(TestRedis.URL, redis -> redis.sync().hget(key + ":ids", "moved"));
        assertThat(indexed).isEqualTo((future + 1) + "-0");
    }

    @Test
    void anIdWhoseEntryWasTrimmedByHandIsNotFound() throws Exception {
        Received live = new Received();
        RedisTransport transport = node(live);
        appendAll(transport, "h1", "h2", "h3");
        live.next(3);
        TestRedis.with(TestRedis.URL, redis -> redis.sync().xtrim(key, 1));
        Received history = new Received();
        assertThat(transport.replay("h1", history).get(10, TimeUnit.SECONDS).found()).isFalse();
        assertThat(transport.replay("h3", history).get(10, TimeUnit.SECONDS).found()).isTrue();
        assertThat(history.all()).isEmpty();
    }

    @Test
    void entriesThatAreNoUpdatesAreSkipped() throws Exception {
        Received live = new Received();
        RedisTransport transport = node(live);
        TestRedis.with(TestRedis.URL, redis -> redis.sync().xadd(key, Map.of("something", "else")));
        // Written by hand or by another program: an id that would inject a line into every stream it is sent on.
        TestRedis.with(TestRedis.URL, redis -> redis.sync().xadd(key, Map.of("id", "a\nevent: forged",
                "topics", "[\"https://example.com/t\"]", "private", "0", "data", "x")));
        appendAll(transport, "real");
        assertThat(ids(live.next(1))).containsExactly("real");
        Received history = new Received();
        transport.replay("earliest", history).get(10, TimeUnit.SECONDS);
        assertThat(history.ids()).containsExactly("real");
    }

    @Test
    void aFailingListenerDoesNotStopTheTail() throws Exception {
        Received live = new Received();
        RedisTransport transport = RedisTransport.builder(TestRedis.URL).streamKey(key).build();
        transports.add(transport);
        transport.start((position, update) -> {
            if (update.id().equals("boom")) {
                throw new IllegalStateException("the listener fails on purpose");
            }
            live.onUpdate(position, update);
        });
        appendAll(transport, "boom", "fine");
        assertThat(ids(live.next(1))).containsExactly("fine");
    }

    @Test
    void startFailsWhenRedisCannotBeReached() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        RedisTransport transport = RedisTransport.of("redis://127.0.0.1:" + port);
        transports.add(transport);
        assertThatThrownBy(() -> transport.start(new Received()))
                .isInstanceOf(TransportUnavailableException.class).hasMessageContaining("127.0.0.1");
        assertThat(transport.append(update("lost")))
                .failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingCause()
                .isInstanceOf(TransportUnavailableException.class);
    }
}
