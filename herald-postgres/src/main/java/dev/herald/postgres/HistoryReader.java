package dev.herald.postgres;

import dev.herald.hub.MemoryTransport;
import dev.herald.hub.Transport;
import dev.herald.hub.TransportUnavailableException;
import dev.herald.hub.Update;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays history on a few threads of its own, each page in one read-only REPEATABLE READ transaction on a pooled
 * connection: the first page reads the head, looks the id up and reads its rows in one snapshot, so a trim committed
 * meanwhile cannot cut a hole between them, and every position up to that head is in the snapshot (positions commit
 * in order, see {@link GroupCommit}), so joining live delivery after it loses and repeats nothing.
 *
 * <p>A page stops once about {@code maxBytes} of update data were read, so a subscriber resuming from far back holds
 * one page, not the history: rows come through a cursor, about {@value #FETCH_BYTES} bytes of them a round trip (at
 * the size read so far), never the whole result. A later page first checks that retention has not trimmed past its
 * cursor.
 */
final class HistoryReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryReader.class);
    /** Rows fetched by the first round trip of a page, before their sizes are known. */
    static final int FIRST_FETCH = 8;
    static final int LARGEST_FETCH = 1_000;
    /**
     * About how much update data one later round trip of a bounded page fetches: the driver holds a fetch's rows while
     * they are handed over, so this, not the page, is what a replay holds twice for a moment.
     */
    static final long FETCH_BYTES = 64 * 1024;

    private final DataSource dataSource;
    private final LogTable table;
    private final ExecutorService threads;

    HistoryReader(DataSource dataSource, LogTable table, int threadCount) {
        this.dataSource = dataSource;
        this.table = table;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(threadCount, task -> {
            Thread thread = new Thread(task, "herald-postgres-reader-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Sends {@code listener} about {@code maxBytes} of what follows {@code lastEventId}, on a reader thread. */
    CompletableFuture<Transport.Replay> replay(String lastEventId, long maxBytes, Transport.Listener listener) {
        return onReader(reading -> {
            long head;
            try (PreparedStatement query = reading.prepareStatement(table.head());
                    ResultSet row = query.executeQuery()) {
                head = row.next() ? row.getLong(1) : 0;
            }
            long after = 0;
            if (!MemoryTransport.EARLIEST.equals(lastEventId)) {
                try (PreparedStatement find = reading.prepareStatement(table.find())) {
                    find.setString(1, lastEventId);
                    find.setLong(2, head);
                    try (ResultSet row = find.executeQuery()) {
                        row.next();
                        after = row.getLong(1);
                        if (row.wasNull()) {
                            return new Transport.Replay(false, head);
                        }
                    }
                }
            }
            readRows(reading, after, head, maxBytes, listener);
            return new Transport.Replay(true, head);
        });
    }

    /** Sends {@code listener} about {@code maxBytes} of what follows {@code afterPosition}, on a reader thread. */
    CompletableFuture<Boolean> replayAfter(long afterPosition, long upToPosition, long maxBytes,
            Transport.Listener listener) {
        if (afterPosition >= upToPosition) {
            return CompletableFuture.completedFuture(true);
        }
        return onReader(reading -> {
            // Retention deletes a prefix and positions follow one another: the rows after the cursor are all there
            // if the oldest row left is at most the next position.
            try (PreparedStatement oldest = reading.prepareStatement(table.oldestPosition());
                    ResultSet row = oldest.executeQuery()) {
                row.next();
                long oldestPosition = row.getLong(1);
                if (row.wasNull() || oldestPosition > afterPosition + 1) {
                    return false;
                }
            }
            readRows(reading, afterPosition, upToPosition, maxBytes, listener);
            return true;
        });
    }

    /** What a reader thread does in its transaction. */
    private interface Reading<T> {
        T on(Connection reading) throws SQLException;
    }

    private <T> CompletableFuture<T> onReader(Reading<T> reading) {
        CompletableFuture<T> done = new CompletableFuture<>();
        try {
            threads.execute(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    connection.setAutoCommit(false);
                    connection.setNetworkTimeout(Runnable::run, GroupCommit.NETWORK_TIMEOUT_MILLIS);
                    try (Statement begin = connection.createStatement()) {
                        begin.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                    }
                    try {
                        done.complete(reading.on(connection));
                    } finally {
                        connection.rollback(); // read only: ending it is all there is to do
                    }
                } catch (SQLException | RuntimeException e) {
                    done.completeExceptionally(new TransportUnavailableException("cannot read the PostgreSQL log "
                            + table + ": " + e.getMessage(), e));
                }
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new TransportUnavailableException("the PostgreSQL log " + table
                    + " is closed", e));
        }
        return done;
    }

    /** Sends the rows after {@code after} up to {@code upTo}, stopping after the one that brings the data to maxBytes. */
    private void readRows(Connection reading, long after, long upTo, long maxBytes, Transport.Listener listener)
            throws SQLException {
        try (PreparedStatement rows = reading.prepareStatement(table.range())) {
            rows.setLong(1, after);
            rows.setLong(2, upTo);
            rows.setFetchSize(maxBytes == Long.MAX_VALUE ? LARGEST_FETCH : FIRST_FETCH);
            long bytes = 0;
            int read = 0;
            try (ResultSet row = rows.executeQuery()) {
                while (bytes < maxBytes && row.next()) {
                    read++;
                    Update update;
                    try {
                        update = UpdateRows.read(row);
                    } catch (IllegalArgumentException e) {
                        LOG.warn("skipping a row of {}: {}", table, e.getMessage());
                        continue;
                    }
                    listener.onUpdate(row.getLong(1), update);
                    bytes += Transport.pageBytes(update);
                    if (maxBytes != Long.MAX_VALUE && read % FIRST_FETCH == 0) {
                        long perRow = Math.max(1, bytes / read);
                        long wanted = Math.min(FETCH_BYTES, Math.max(0, maxBytes - bytes)) / perRow + 1;
                        row.setFetchSize((int) Math.min(LARGEST_FETCH, wanted));
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        threads.shutdown();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
