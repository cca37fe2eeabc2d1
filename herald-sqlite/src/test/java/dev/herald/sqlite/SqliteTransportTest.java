package dev.herald.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.hub.MemoryTransport;
import dev.herald.hub.Transport;
import dev.herald.hub.Update;
import dev.herald.testsupport.Received;
import dev.herald.testsupport.TransportContract;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compatibility kit on a real SQLite file ({@link TransportContract}), and what is particular to a file: the rows
 * it holds, its size under retention, the lock that keeps a second hub out.
 */
class SqliteTransportTest extends TransportContract {

    @TempDir
    Path dir;

    @Override
    protected Transport open(Retention retention) {
        return SqliteTransport.builder(file()).historySize(retention.maxUpdates())
                .historyMaxAge(retention.maxAge()).build();
    }

    @Override
    protected boolean isDurable() {
        return true;
    }

    @Override
    protected boolean retainsByAge() {
        return true;
    }

    private Path file() {
        return dir.resolve("history.db");
    }

    private SqliteTransport open(Received listener, SqliteTransport.Builder builder) {
        SqliteTransport transport = closeAfterTest(builder.build());
        transport.start(listener);
        return transport;
    }

    private SqliteTransport open(Received listener) {
        return open(listener, SqliteTransport.builder(file()));
    }

    @Test
    void concurrentAppendsShareCommitsAndAreDeliveredInTheFilesOrder() throws Exception {
        Received live = new Received();
        SqliteTransport transport = open(live);
        appendConcurrently(transport, 8, 500);
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
    void appendsAfterCloseFailAsUnavailable() throws Exception {
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
