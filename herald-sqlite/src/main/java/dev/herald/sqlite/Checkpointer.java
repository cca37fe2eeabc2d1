package dev.herald.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies committed pages from the WAL into the database file every {@value #INTERVAL_MILLIS} ms, on a thread and a
 * connection of its own. Left to SQLite, that copy (and with sync full its fsync) runs in the writer right after a
 * commit, so every few thousand pages a batch of publishes would wait for it. A passive checkpoint neither waits for
 * nor blocks the writer or the readers.
 */
final class Checkpointer {

    static final long INTERVAL_MILLIS = 500;

    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    private final HistoryFile file;
    private final Connection connection;
    private final Thread thread;
    private volatile boolean stopping;

    Checkpointer(HistoryFile file, Connection connection) throws SQLException {
        this.file = file;
        this.connection = connection;
        connection.setAutoCommit(true); // a checkpoint cannot run inside a transaction of its own connection
        this.thread = new Thread(this::run, "herald-sqlite-checkpointer");
        this.thread.setDaemon(true);
    }

    /** Starts checkpointing. */
    void start() {
        thread.start();
    }

    /** Stops checkpointing and closes the connection; SQLite checkpoints what is left when the last one closes. */
    void stop() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the checkpointer's connection to {}: {}", file.path(), e.getMessage());
        }
    }

    private void run() {
        try (Statement statement = connection.createStatement()) {
            while (!stopping) {
                try {
                    TimeUnit.MILLISECONDS.sleep(INTERVAL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
                } catch (SQLException e) {
                    // A checkpoint that cannot run now (busy, or the disk is full) is retried at the next turn;
                    // the writer's own checkpoint still bounds the WAL.
                    LOG.debug("checkpointing {}: {}", file.path(), e.getMessage());
                }
            }
        } catch (SQLException e) {
            LOG.warn("the checkpointer of {} stopped: {}", file.path(), e.getMessage());
        }
    }
}
