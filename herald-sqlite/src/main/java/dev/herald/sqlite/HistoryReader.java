package dev.herald.sqlite;

import dev.herald.hub.MemoryTransport;
import dev.herald.hub.Transport;
import dev.herald.hub.TransportUnavailableException;
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
 * <p>A replay reads up to the head the writer had committed when the replay began, and looks the id up and reads
 * the rows in one read transaction: a trim committed meanwhile cannot cut a hole between the two. Whatever is
 * committed after that head reaches the subscriber live, since the writer delivers an update only after it is
 * counted in the head.
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

    /** Sends {@code listener} what follows {@code lastEventId}, on a reader thread. */
    CompletableFuture<Transport.Replay> replay(String lastEventId, Transport.Listener listener) {
        long headNow = head.getAsLong();
        CompletableFuture<Transport.Replay> replay = new CompletableFuture<>();
        try {
            threads.execute(() -> {
                try {
                    replay.complete(read(lastEventId, listener, headNow));
                } catch (SQLException | RuntimeException e) {
                    replay.completeExceptionally(new TransportUnavailableException("cannot read the history file "
                            + file.path() + ": " + e.getMessage(), e));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            replay.completeExceptionally(new TransportUnavailableException("the history file " + file.path()
                    + " is closed", e));
        }
        return replay;
    }

    private Transport.Replay read(String lastEventId, Transport.Listener listener, long headNow) throws SQLException {
        Connection reading = connection();
        try {
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
            try (PreparedStatement rows = reading.prepareStatement("SELECT " + UpdateRow.COLUMNS
                    + " FROM updates WHERE position > ? AND position <= ? ORDER BY position")) {
                rows.setLong(1, after);
                rows.setLong(2, headNow);
                rows.setFetchSize(512);
                try (ResultSet row = rows.executeQuery()) {
                    while (row.next()) {
                        listener.onUpdate(row.getLong(1), UpdateRow.read(row));
                    }
                }
            }
            return new Transport.Replay(true, headNow);
        } finally {
            reading.commit(); // ends the read transaction, so the WAL can be checkpointed past it
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
