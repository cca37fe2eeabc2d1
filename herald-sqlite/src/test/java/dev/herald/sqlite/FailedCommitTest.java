package dev.herald.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.hub.TransportUnavailableException;
import dev.herald.hub.Update;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The writer's answers when a commit fails in ways a real disk rarely shows on demand: the faults are injected into
 * the real SQLite connection's {@code COMMIT} and {@code ROLLBACK}, which then do not run. Whatever fails, a publish
 * is answered 200 only for an update the file holds, and subscribers see only those.
 */
class FailedCommitTest {

    @TempDir
    Path dir;

    private Path path;
    private HistoryFile file;
    private FailingConnection writing;
    private GroupCommit writer;
    private final List<String> delivered = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startWriter() throws SQLException {
        path = dir.resolve("history.db");
        file = HistoryFile.open(path);
        writing = new FailingConnection(file.connect(Sync.NORMAL, 0));
        writer = new GroupCommit(file, Sync.NORMAL, writing.connection, file.connect(Sync.NORMAL, 0),
                new Retention(1_000, Duration.ZERO), file.extent());
        writer.start((position, update) -> delivered.add(update.id()));
    }

    @AfterEach
    void stopWriter() {
        writer.stop();
        file.close();
    }

    /**
     * A failed commit and a failed rollback leave the writer's transaction open, its rows visible to the writer's own
     * connection but never stored: they must not be taken for a commit that went through.
     */
    @Test
    void aTransactionLeftOpenIsNotTakenForAStoredBatch() throws Exception {
        stored(writer.append(update("before")));

        writing.failing.put("COMMIT", new SQLException("injected: COMMIT did not run"));
        writing.failing.put("ROLLBACK", new SQLException("injected: ROLLBACK did not run"));
        refused(writer.append(update("lost")));
        // The next batch finds the transaction still open, is refused, and rolls it back; the one after is stored.
        refused(writer.append(update("refused")));
        stored(writer.append(update("after")));

        writer.stop();
        assertThat(HistoryRows.ids(path)).containsExactly("before", "after");
        assertThat(delivered).containsExactly("before", "after");
    }

    /**
     * SQLite flushes the WAL itself inside a commit when the WAL starts over; that flush failing means what a failed
     * flush of the writer's own means: nothing more is acknowledged until a restart.
     */
    @Test
    void aFlushFailedInsideTheCommitStopsAcknowledgements() throws Exception {
        stored(writer.append(update("before")));

        writing.failing.put("COMMIT", new SQLiteException("injected: the WAL's header could not be flushed",
                SQLiteErrorCode.SQLITE_IOERR_FSYNC));
        refused(writer.append(update("lost")));
        Throwable later = refused(writer.append(update("later")));
        assertThat(later).hasMessageContaining("could not be flushed").hasMessageContaining("restart");

        writer.stop();
        assertThat(HistoryRows.ids(path)).containsExactly("before");
        assertThat(delivered).containsExactly("before");
    }

    private static void stored(CompletableFuture<Void> append) throws Exception {
        append.get(10, TimeUnit.SECONDS);
    }

    private static Throwable refused(CompletableFuture<Void> append) {
        assertThatThrownBy(() -> append.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TransportUnavailableException.class);
        return append.handle((ignored, failure) -> failure).join();
    }

    private static Update update(String id) {
        return Update.builder().id(id).topics(List.of("https://example.com/t")).data(id).build();
    }
}
