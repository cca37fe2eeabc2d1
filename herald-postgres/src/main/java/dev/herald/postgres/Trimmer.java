package dev.herald.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention, on a thread and connection of its own beside the writer: the oldest rows past {@code maxUpdates}, or
 * older than {@code maxAge}, are deleted at most {@value #CHUNK} to a statement, while the next batch of publishes is
 * already being appended (old rows and new ones never meet, and the trim takes no lock the appends need). The writer
 * tells it of each batch; with an age limit it also wakes when the oldest row's age runs out, and at least every
 * minute to see rows that other nodes wrote. Two nodes trimming at once delete the same prefix, each row once.
 */
final class Trimmer {

    static final int CHUNK = 2_048;
    /** Chunks deleted in one go before the thread looks for new work again. */
    static final int CHUNKS_AT_ONCE = 16;
    static final long IDLE_MILLIS = 60_000;

    private static final Logger LOG = LoggerFactory.getLogger(Trimmer.class);

    private final DataSource dataSource;
    private final LogTable table;
    private final long maxUpdates;
    private final Duration maxAge;
    private final Availability availability;
    private final Thread thread;
    private final Object signal = new Object();
    private boolean signalled;
    private volatile boolean running = true;

    // Under signal: what the writer last saw.
    private long head;
    /** The database's clock minus this JVM's: retention ages rows by the database's clock. */
    private long clockSkew;
    // The trimmer thread's own (another node's trims make oldest stale, never wrong).
    private long oldest = -1;
    private long oldestCreated;

    Trimmer(DataSource dataSource, LogTable table, long maxUpdates, Duration maxAge, Availability availability,
            long head) {
        this.dataSource = dataSource;
        this.table = table;
        this.maxUpdates = maxUpdates;
        this.maxAge = maxAge;
        this.availability = availability;
        this.head = head;
        this.thread = new Thread(this::run, "herald-postgres-trim " + table);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** A batch was committed: the head is now {@code head}, at {@code databaseMillis} on the database's clock. */
    void committed(long head, long databaseMillis) {
        synchronized (signal) {
            this.head = Math.max(this.head, head);
            this.clockSkew = databaseMillis - System.currentTimeMillis();
            signalled = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (running) {
            boolean woken;
            long headNow;
            long now;
            try {
                synchronized (signal) {
                    if (!signalled) {
                        signal.wait(idleMillis(System.currentTimeMillis() + clockSkew));
                    }
                    woken = signalled;
                    signalled = false;
                    headNow = head;
                    now = System.currentTimeMillis() + clockSkew;
                }
            } catch (InterruptedException e) {
                break;
            }
            if (running && (woken || !maxAge.isZero() || trimDue(headNow, now))) {
                trim(headNow, now, !woken);
            }
        }
    }

    /** Deletes what is due, a chunk at a time; {@code ask} reads the head and the clock first (an idle wake). */
    private void trim(long headSeen, long nowSeen, boolean ask) {
        if (!availability.writable()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            connection.setNetworkTimeout(Runnable::run, GroupCommit.NETWORK_TIMEOUT_MILLIS);
            long headNow = headSeen;
            long now = nowSeen;
            if (ask) {
                try (PreparedStatement query = connection.prepareStatement(table.headNow());
                        ResultSet row = query.executeQuery()) {
                    row.next();
                    headNow = Math.max(headNow, row.getLong(1));
                    now = row.getLong(2);
                }
                synchronized (signal) {
                    head = Math.max(head, headNow);
                    clockSkew = now - System.currentTimeMillis();
                }
            }
            if (oldest < 0 || ask) {
                try (PreparedStatement query = connection.prepareStatement(table.oldest());
                        ResultSet row = query.executeQuery()) {
                    oldestFrom(row, headNow);
                }
            }
            for (int chunk = 0; chunk < CHUNKS_AT_ONCE && running && trimDue(headNow, now); chunk++) {
                try (PreparedStatement trim = connection.prepareStatement(table.trim())) {
                    trim.setLong(1, Math.min(oldest + CHUNK, headNow + 1));
                    trim.setLong(2, headNow - maxUpdates + 1);
                    trim.setLong(3, maxAge.isZero() ? Long.MIN_VALUE : now - maxAge.toMillis());
                    try (ResultSet row = trim.executeQuery()) {
                        oldestFrom(row, headNow);
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            oldest = -1;
            LOG.debug("trimming the PostgreSQL log {} failed, will retry: {}", table, e.getMessage());
        }
    }

    private void oldestFrom(ResultSet row, long headNow) throws SQLException {
        if (row.next()) {
            oldest = row.getLong(1);
            oldestCreated = row.getLong(2);
        } else {
            oldest = headNow + 1;
            oldestCreated = Long.MAX_VALUE;
        }
    }

    private boolean trimDue(long headNow, long now) {
        if (oldest < 0 || oldest > headNow) {
            return false;
        }
        return headNow - oldest + 1 > maxUpdates || (!maxAge.isZero() && oldestCreated < now - maxAge.toMillis());
    }

    /** How long to wait for a batch: until the oldest row's age runs out, a minute at most; nothing is asked meanwhile. */
    private long idleMillis(long now) {
        if (trimDue(head, now)) {
            return 1;
        }
        if (maxAge.isZero()) {
            return IDLE_MILLIS;
        }
        long wait = oldest >= 0 && oldest <= head ? oldestCreated + maxAge.toMillis() - now + 1 : IDLE_MILLIS;
        return Math.max(1, Math.min(wait, Math.min(IDLE_MILLIS, Math.max(1, maxAge.toMillis()))));
    }

    /** Stops the thread and waits for it. */
    void stop() {
        running = false;
        synchronized (signal) {
            signal.notifyAll();
        }
        thread.interrupt();
        try {
            thread.join(GroupCommit.NETWORK_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
