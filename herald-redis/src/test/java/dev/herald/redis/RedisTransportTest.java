package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.Transport;
import dev.herald.hub.Update;
import dev.herald.testsupport.Received;
import dev.herald.testsupport.TransportContract;
import io.lettuce.core.StreamMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The compatibility kit against a real Redis ({@link TransportContract}), and what is particular to a stream: its
 * entries and index keys, approximate trimming, entries written by others, a failing listener.
 */
class RedisTransportTest extends TransportContract {

    private String key;

    @BeforeEach
    void setUp(TestInfo test) {
        TestRedis.assumeAvailable();
        key = TestRedis.uniqueKey(test.getTestMethod().orElseThrow().getName());
    }

    @Override
    protected void cleanUp() {
        if (key != null) {
            TestRedis.delete(TestRedis.URL, key);
        }
    }

    @Override
    protected Transport open(Retention retention) {
        return RedisTransport.builder(TestRedis.URL).streamKey(key).maxLength(retention.maxUpdates()).build();
    }

    @Override
    protected boolean sharesTheLog() {
        return true;
    }

    @Override
    protected boolean isDurable() {
        return true;
    }

    /** {@code XADD MAXLEN ~} trims whole nodes of the stream (100 entries by default), not to the entry. */
    @Override
    protected long retentionSlack() {
        return 200;
    }

    /** The approximate trim would keep a node's worth: trim exactly, as Redis may once the stream is longer. */
    @Override
    protected void awaitTrimmedTo(Transport transport, int keep) {
        TestRedis.with(TestRedis.URL, redis -> redis.sync().xtrim(key, keep));
    }

    @Override
    protected Optional<Transport> openUnreachable() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        return Optional.of(RedisTransport.of("redis://127.0.0.1:" + port));
    }

    private RedisTransport node(Received listener) {
        return node(listener, RedisTransport.DEFAULT_MAX_LENGTH);
    }

    private RedisTransport node(Received listener, long maxLength) {
        RedisTransport transport = closeAfterTest(
                RedisTransport.builder(TestRedis.URL).streamKey(key).maxLength(maxLength).build());
        transport.start(listener);
        return transport;
    }

    @Test
    void appendCompletesOnceTheEntryIsInTheStream() throws Exception {
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
    void aSequenceTooLargeForAPositionMovesTheEntryToTheNextMillisecond() throws Exception {
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
        RedisTransport transport = closeAfterTest(RedisTransport.builder(TestRedis.URL).streamKey(key).build());
        transport.start((position, update) -> {
            if (update.id().equals("boom")) {
                throw new IllegalStateException("the listener fails on purpose");
            }
            live.onUpdate(position, update);
        });
        appendAll(transport, "boom", "fine");
        assertThat(ids(live.next(1))).containsExactly("fine");
    }

}
