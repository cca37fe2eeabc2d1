package dev.herald.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.hub.MemoryTransport;
import dev.herald.hub.Transport;
import dev.herald.hub.Transport.Replay;
import dev.herald.hub.Update;
import dev.herald.testsupport.Received;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport's contract on a real SQLite file, the way {@code MemoryTransport} keeps it. */
class SqliteTransportTest {

    @TempDir
    Path dir;

    private final List<SqliteTransport> transports = new ArrayList<>();

    @AfterEach
    void tearDown() {
        transports.forEach(SqliteTransport::close);
    }

    private Path file() {
        return dir.resolve("history.db");
    }

    private SqliteTransport open(Received listener, SqliteTransport.Builder builder) {
        SqliteTransport transport = builder.build();
        transports.add(transport);
        transport.start(listener);
        return transport;
    }

    private SqliteTransport open(Received listener) {
        return open(listener, SqliteTransport.builder(file()));
    }

    private static Update update(String id) {
        return Update.builder().id(id).topic("https://example.com/t").data("data of " + id).build();
    }

    private static void appendAll(SqliteTransport transport, String... ids) {
        for (String id : ids) {
            transport.append(update(id)).join();
        }
    }

    private static List<String> ids(List<Received.Delivery> deliveries) {
        return deliveries.stream().map(delivery -> delivery.update().id()).toList();
    }


    @Test
    void liveDeliveryIsInOrderWithIncreasingPositions() throws Exception {
        Received live = new Received();
        SqliteTransport transport = open(live);
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
    void concurrentAppendsShareCommitsAndAreDeliveredInTheFilesOrder() throws Exception {
        Received live = new Received();
        SqliteTransport transport = open(live);
        List<CompletableFuture<Void>> stored = new ArrayList<>();
        List<Thread> publishers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            Thread publisher = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    CompletableFuture<Void> future = transport.append(update("t" + thread + "-" + i));
                    synchronized (stored) {
                        stored.add(future);
                    }
                }
            });
            publisher.start();
            publishers.add(publisher);
        }
        for (Thread publisher : publishers) {
            publisher.join();
        }
        CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        List<Received.Delivery> got = live.next(4_000);
        assertThat(got).extracting(Received.Delivery::position).isSorted().doesNotHaveDuplicates();
        assertThat(got.get(got.size() - 1).position() - got.get(0).position()).isEqualTo(3_999);
        assertThat(ids(got)).isEqualTo(HistoryRows.ids(file()));
        assertThat(live.overlapped()).isFalse();
    }

    /** With sync full the writer flushes the WAL itself, which SQLite names after the file links lead to. */
    @Test
    void aHistoryFileReachedThroughASymbolicLinkIsFlushedAndAcknowledged() throws Exception {
        Path real = Files.createDirectory(dir.resolve("data")).resolve("history.db");
        Path link = Files.createSymbolicLink(dir.resolve("linked.db"), real);
        Received live = new Received();
        SqliteTransport transport = open(live, SqliteTransport.builder(link));
        appendAll(transport, "through-link");
        assertThat(ids(live.next(1))).containsExactly("through-link");
        assertThat(Files.exists(Path.of(real + "-wal"))).isTrue();
    }

    @Test
    void appendCompletesOnceTheRowIsCommittedWithEveryField() throws Exception {
        SqliteTransport transport = open(new Received());
        Update update = Update.builder().id("stored").topic("a").topic("b").data("d\nline").type("t")
                .retry(Duration.ofSeconds(3)).privateUpdate(true).build();
        transport.append(update).join();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT id, topics, private, type, retry_ms, data FROM updates")) {
            assertThat(row.next()).isTrue();
            assertThat(List.of(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                    row.getString(5), row.getString(6)))
                    .containsExactly("stored", "[\"a\",\"b\"]", "1", "t", "3000", "d\nline");
        }
        assertThat(transport.lastEventId()).contains("stored");
        Received history = new Received();
        transport.replay(MemoryTransport.EARLIEST, history).get(10, TimeUnit.SECONDS);
        assertThat(history.all().get(0).update()).isEqualTo(update);
    }

    @Test
    void replayAfterAnIdSendsWhatFollowsAtTheirLivePositions() throws Exception {
        Received live = new Received();
        SqliteTransport transport = open(live);
        appendAll(transport, "u1", "u2", "u3", "u4", "u5");
        List<Received.Delivery> delivered = live.next(5);

        Received history = new Received();
        Replay replay = transport.replay("u2", history).get(10, TimeUnit.SECONDS);
        assertThat(replay).isEqualTo(new Replay(true, delivered.get(4).position()));
        assertThat(history.all()).isEqualTo(delivered.subList(2, 5));
    }

    @Test
    void earliestReplaysTheWholeHistoryAndAnUnknownIdIsNotFound() throws Exception {
        Received live = new Received();
        SqliteTransport transport = open(live);
        appendAll(transport, "e1", "e2", "e3");
        List<Received.Delivery> delivered = live.next(3);
        Received history = new Received();
        assertThat(transport.replay(MemoryTransport.EARLIEST, history).get(10, TimeUnit.SECONDS))
                .isEqualTo(new Replay(true, delivered.get(2).position()));
        assertThat(history.all()).isEqualTo(delivered);

        Received none = new Received();
        assertThat(transport.replay("never-published", none).get(10, TimeUnit.SECONDS))
                .isEqualTo(new Replay(false, delivered.get(2).position()));
        assertThat(none.all()).isEmpty();
    }

    @Test
    void anEmptyHistoryReplaysNothing() throws Exception {
        SqliteTransport transport = open(new Received());
        Received history = new Received();
        assertThat(transport.replay(MemoryTransport.EARLIEST, history).get(10, TimeUnit.SECONDS))
                .isEqualTo(new Replay(true, 0));
        assertThat(history.all()).isEmpty();
        assertThat(transport.lastEventId()).isEmpty();
    }

    @Test
    void aDuplicateIdResolvesToItsEarliestUpdateStillHeldThenTheNext() throws Exception {
        Received live = new Received();
        SqliteTransport transport = open(live, SqliteTransport.builder(file()).historySize(4));
        appendAll(transport, "dup", "a", "dup", "b");
        live.next(4);
        Received history = new Received();
        transport.replay("dup", history).get(10, TimeUnit.SECONDS);
        assertThat(history.ids()).containsExactly("a", "dup", "b");

        appendAll(transport, "c"); // history of 4: the first "dup" leaves, the second is now the earliest
        live.next(1);
        awaitFile(List.of("a", "dup", "b", "c"));
        Received after = new Received();
        assertThat(transport.replay("dup", after).get(10, TimeUnit.SECONDS).found()).isTrue();
        assertThat(after.ids()).containsExactly("b", "c");
    }

    @Test
    void aReplayReadsOnePageOfAboutTheBytesAskedForAndTheNextFromItsPosition() throws Exception {
        Received live = new Received();
        SqliteTransport transport = open(live);
        appendAll(transport, "p1", "p2", "p3", "p4", "p5");
        List<Received.Delivery> delivered = live.next(5);
        long head = delivered.get(4).position();
        // Just over one update's data and id: a page stops after the row that reaches it, so two a page.
        long bytes = Transport.pageBytes(update("p1")) + 1;

        Received first = new Received();
        assertThat(transport.replay("p1", bytes, first).get(10, TimeUnit.SECONDS)).isEqualTo(new Replay(true, head));
        assertThat(ids(first.all())).containsExactly("p2", "p3");

        Received second = new Received();
        long after = first.all().get(1).position();
        assertThat(transport.replayAfter(after, head, bytes, second).get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ids(second.all())).containsExactly("p4", "p5");
        assertThat(transport.replayAfter(head, head, bytes, new Received()).get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aPageAfterUpdatesTrimmedMeanwhileSaysSo() throws Exception {
        Received live = new Received();
        SqliteTransport transport = open(live, SqliteTransport.builder(file()).historySize(3));
        appendAll(transport, "t1", "t2", "t3");
        List<Received.Delivery> delivered = live.next(3);
        Received first = new Received();
        Replay replay = transport.replay(MemoryTransport.EARLIEST, 1, first).get(10, TimeUnit.SECONDS);
        assertThat(ids(first.all())).containsExactly("t1");

        appendAll(transport, "t4", "t5", "t6"); // retention keeps the newest three: t2 and t3 go
        live.next(3);
        awaitCount(3);

        Received next = new Received();
        assertThat(transport.replayAfter(delivered.get(0).position(), replay.headPosition(), 1, next)
                .get(10, TimeUnit.SECONDS)).as("t2 was trimmed before the subscriber could read it").isFalse();
        assertThat(next.all()).isEmpty();
    }

    @Test
    void aPageAfterEveryUpdateWasTrimmedMeanwhileSaysSo() throws Exception {
        Received live = new Received();
        SqliteTransport transport = open(live, SqliteTransport.builder(file()).historyMaxAge(Duration.ofMillis(300)));
        appendAll(transport, "e1", "e2");
        List<Received.Delivery> delivered = live.next(2);
        awaitFile(List.of()); // aged out, in the background

        assertThat(transport.replayAfter(delivered.get(0).position(), delivered.get(1).position(), Long.MAX_VALUE,
                new Received()).get(10, TimeUnit.SECONDS)).as("e2 was trimmed before it could be read").isFalse();
    }

    @Test
    void retentionByCountKeepsTheNewestAndTheFileStopsGrowing() throws Exception {
        Received live = new Received();
        SqliteTransport transport = open(live, SqliteTransport.builder(file()).historySize(1_000));
        String data = "x".repeat(1_000);
        long sizeAfterFirstRounds = 0;
        for (int round = 0; round < 4; round++) {
            List<CompletableFuture<Void>> stored = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                stored.add(transport.append(Update.builder().id("r" + round + "-" + i).topic("t").data(data).build()));
            }
            CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            awaitCount(1_000);
            long size = java.nio.file.Files.size(file());
            // Trimmed pages are reused rather than returned; a few pages of slack move with the free list.
            if (round == 1) {
                sizeAfterFirstRounds = size;
            } else if (round > 1) {
                assertThat(size).as("file size after round " + round)
                        .isLessThanOrEqualTo(sizeAfterFirstRounds + sizeAfterFirstRounds / 20);
            }
        }
        List<String> held = HistoryRows.ids(file());
        assertThat(held).hasSize(1_000).startsWith("r3-4000").endsWith("r3-4999");
        Received none = new Received();
        assertThat(transport.replay("r0-0", none).get(10, TimeUnit.SECONDS).found()).isFalse();
    }

    @Test
    void retentionByAgeTrimsInTheBackgroundWithoutAPublish() throws Exception {
        Received live = new Received();
        SqliteTransport transport = open(live,
                SqliteTransport.builder(file()).historyMaxAge(Duration.ofMillis(1_500)));
        appendAll(transport, "old1", "old2");
        Thread.sleep(700);
        appendAll(transport, "new1");
        awaitFile(List.of("new1"));
        assertThat(HistoryRows.ids(file())).containsExactly("new1");
        awaitFile(List.of());
        Received history = new Received();
        assertThat(transport.replay("old1", history).get(10, TimeUnit.SECONDS).found()).isFalse();
    }

    @Test
    void aReopenedFileKeepsHistoryAndPositionsContinue() throws Exception {
        Received live = new Received();
        SqliteTransport first = open(live);
        appendAll(first, "before-1", "before-2", "before-3");
        List<Received.Delivery> before = live.next(3);
        first.close();

        Received liveAgain = new Received();
        SqliteTransport second = open(liveAgain);
        assertThat(second.lastEventId()).contains("before-3");
        appendAll(second, "after-1");
        Received.Delivery after = liveAgain.next(1).get(0);
        assertThat(after.position()).isGreaterThan(before.get(2).position());

        Received history = new Received();
        assertThat(second.replay("before-1", history).get(10, TimeUnit.SECONDS))
                .isEqualTo(new Replay(true, after.position()));
        assertThat(history.ids()).containsExactly("before-2", "before-3", "after-1");
        assertThat(history.all().subList(0, 2)).isEqualTo(before.subList(1, 3));
    }

    @Test
    void positionsKeepIncreasingAfterEveryUpdateWasTrimmed() throws Exception {
        Received live = new Received();
        SqliteTransport first = open(live, SqliteTransport.builder(file()).historySize(0));
        appendAll(first, "gone-1", "gone-2");
        long last = live.next(2).get(1).position();
        awaitFile(List.of());
        first.close();

        Received again = new Received();
        SqliteTransport second = open(again, SqliteTransport.builder(file()).historySize(0));
        appendAll(second, "next");
        assertThat(again.next(1).get(0).position()).isGreaterThan(last);
    }

    @Test
    void aFileInUseByAnotherHubIsRefused() {
        open(new Received());
        assertThatThrownBy(() -> SqliteTransport.open(file())).isInstanceOf(HistoryFileException.class)
                .hasMessageContaining("in use by another hub");
    }

    @Test
    void aFileInUseIsRefusedThroughASymbolicLinkToo() throws Exception {
        open(new Received());
        Path link = Files.createSymbolicLink(dir.resolve("other-name.db"), file());
        assertThatThrownBy(() -> SqliteTransport.open(link)).isInstanceOf(HistoryFileException.class)
                .hasMessageContaining("in use by another hub");
    }

    @Test
    void appendsAfterCloseFailAsUnavailable() {
        SqliteTransport transport = open(new Received());
        transport.close();
        assertThat(transport.append(update("late"))).failsWithin(5, TimeUnit.SECONDS)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(dev.herald.hub.TransportUnavailableException.class);
    }

    private void awaitCount(int count) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (HistoryRows.ids(file()).size() != count) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the file holds " + HistoryRows.ids(file()).size() + " updates, not "
                        + count);
            }
            Thread.sleep(50);
        }
    }

    private void awaitFile(List<String> ids) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!HistoryRows.ids(file()).equals(ids)) {
            if (System.currentTimeMillis() > deadline) {
                assertThat(HistoryRows.ids(file())).isEqualTo(ids);
            }
            Thread.sleep(50);
        }
    }
}
