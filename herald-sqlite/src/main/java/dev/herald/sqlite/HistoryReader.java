package dev.herald.sqlite;

import dev.herald.hub.MemoryTransport;
import dev.herald.hub.Transport;
import dev.herald.hub.TransportUnavailableException;
import dev.herald.hub.Update;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Replays history on a few threads of its own, each with its own connection: in WAL mode readers never wait for the
 * writer, nor it for them, so a long replay does not hold publishes up.
 *
 * <p>A replay reads up to the head the writer had committed when the replay began, one page at a time (about as many
 * bytes as the hub asks for), so that a subscriber resuming from far back holds one page, not the history. The first
 * page looks the id up and reads its rows in one read transaction: a trim committed meanwhile cannot cut a hole
 * between the two. Each later page first checks that retention has not trimmed past the cursor meanwhile, and says
 * so if it has. Whatever is committed after that head reaches the subscriber live, since the writer delivers an
 * update only after it is counted in the head.
 */
final class HistoryReader implements AutoCloseable {

    static final int THREADS = 2;

    private final HistoryFile file;
    private final Sync sync;
    private final LongSupplier head;
    private final ExecutorService threads;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Connection> connection = new ThreadLocal<>();

    HistoryReader(HistoryFile file, Sync sync, LongSupplier head) {
        this.file = file;
        this.sync = sync;
        this.head = head;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "herald-sqlite-reader-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Sends {@code listener} what follows {@code lastEventId}, about {@code maxBytes} of it, on a reader thread. */
    CompletableFuture<Transport.Replay> replay(String lastEventId, long maxBytes, Transport.Listener listener) {
        long headNow = head.getAsLong();
        return onReader(reading -> read(reading, lastEventId, maxBytes, listener, headNow));
    }

    /** Sends {@code listener} about {@code maxBytes} of what follows {@code afterPosition}, on a reader thread. */
    CompletableFuture<Boolean> replayAfter(long afterPosition, long upToPosition, long maxBytes,
            Transport.Listener listener) {
        return onReader(reading -> {
            // Retention deletes a prefix of the file, and positions follow one another: the rows after the cursor
            // are all there if the oldest row left is at most the next position (or there is nothing to read).
            try (PreparedStatement oldest = reading.prepareStatement("SELECT min(position) FROM updates");
                    ResultSet row = oldest.executeQuery()) {
                row.next();
                long oldestPosition = row.getLong(1);
                boolean empty = row.wasNull();
                if (afterPosition < upToPosition && (empty || oldestPosition > afterPosition + 1)) {
                    return false;
                }
            }
            readRows(reading, afterPosition, upToPosition, maxBytes, listener);
            return true;
        });
    }

    /** What a reader thread does with its connection. */
    private interface Reading<T> {
        T on(Connection reading) throws SQLException;
    }

    private <T> CompletableFuture<T> onReader(Reading<T> reading) {
        CompletableFuture<T> done = new CompletableFuture<>();
        try {
            threads.execute(() -> {
                try {
                    Connection connection = connection();
                    try {
                        done.complete(reading.on(connection));
                    } finally {
                        connection.commit(); // ends the read transaction, so the WAL can be checkpointed past it
                    }
                } catch (SQLException | RuntimeException e) {
                    done.completeExceptionally(new TransportUnavailableException("cannot read the history file "
                            + file.path() + ": " + e.getMessage(), e));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            done.completeExceptionally(new TransportUnavailableException("the history file " + file.path()
                    + " is closed", e));
        }
        return done;
    }

    private Transport.Replay read(Connection reading, String lastEventId, long maxBytes, Transport.Listener listener,
            long headNow) throws SQLException {
        long after = 0;
        if (!MemoryTransport.EARLIEST.equals(lastEventId)) {
            try (PreparedStatement find = reading.prepareStatement(
                    "SELECT min(position) FROM updates WHERE id = ? AND position <= ?")) {
                find.setString(1, lastEventId);
                find.setLong(2, headNow);
                try (ResultSet row = find.executeQuery()) {
                    row.next();
                    after = row.getLong(1);
                    if (row.wasNull()) {
                        return new Transport.Replay(false, headNow);
                    }
                }
            }
        }
        readRows(reading, after, headNow, maxBytes, listener);
        return new Transport.Replay(true, headNow);
    }

    /** Sends the rows after {@code after} up to {@code upTo}, stopping after the one that brings the data to maxBytes. */
    private static void readRows(Connection reading, long after, long upTo, long maxBytes, Transport.Listener listener)
            throws SQLException {
        try (PreparedStatement rows = reading.prepareStatement("SELECT " + UpdateRow.COLUMNS
                + " FROM updates WHERE position > ? AND position <= ? ORDER BY position")) {
            rows.setLong(1, after);
            rows.setLong(2, upTo);
            rows.setFetchSize(512);
            long bytes = 0;
            try (ResultSet row = rows.executeQuery()) {
                while (bytes < maxBytes && row.next()) {
                    Update update = UpdateRow.read(row);
                    listener.onUpdate(row.getLong(1), update);
                    bytes += Transport.pageBytes(update);
                }
            }
        }
    }

    private Connection connection() throws SQLException {
        Connection current = connection.get();
        if (current == null) {
            current = file.connect(sync, 0);
            connection.set(current);
            connections.add(current);
        }
        return current;
    }

    @Override
    public void close() {
        threads.shutdown();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Connection open : connections) {
            try {
                open.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
    }
}
