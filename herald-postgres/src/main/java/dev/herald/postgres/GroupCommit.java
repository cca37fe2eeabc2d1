package dev.herald.postgres;

import dev.herald.hub.TransportUnavailableException;
import dev.herald.hub.Update;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread of a node that appends to the log. Appends wait in a queue; the thread takes everything waiting (up
 * to {@value #MAX_BATCH}) into one transaction, so a burst of publishes costs one commit (one WAL flush) rather than
 * one each:
 * <ol>
 * <li>{@code UPDATE state SET head = head + n RETURNING head}: takes the head row's lock, held to the end of the
 * transaction, and with it the positions {@code head - n + 1 .. head};</li>
 * <li>one {@code INSERT} of the batch's rows (each column an array);</li>
 * <li>at most {@value #TRIM_CHUNK} of the oldest rows deleted, when retention says so;</li>
 * <li>{@code COMMIT}; the notification queued by the first statement goes out with it.</li>
 * </ol>
 * Publishers are answered only once the commit returned: 200 means in PostgreSQL's WAL, as durable as the server's
 * {@code synchronous_commit} makes a commit. A failed transaction answers its whole batch 503, except when the commit
 * went through although its answer was lost, which a read of the batch's last row tells.
 *
 * <p><b>Why no reader skips an update.</b> Positions are taken under the head row's lock, and that lock is released
 * only when the transaction holding it has ended: PostgreSQL makes a commit visible to new snapshots before it
 * releases the transaction's locks, and a waiting {@code UPDATE} under READ COMMITTED reads the head row's newest
 * committed version once it has the lock. So the transaction holding positions up to {@code p} is committed and
 * visible before any other can take a position after {@code p}: positions become visible in order, and every snapshot
 * holds all of the positions up to the newest it holds (retention deletes only the oldest). A reader that has read up
 * to {@code p} and asks for what follows {@code p} can never find {@code p + 2} while {@code p + 1} is still to come.
 * Sequences, by contrast, hand out numbers that commit in any order. Appends from every node take the same row lock,
 * one transaction at a time; group commit is what keeps that fast.
 */
final class GroupCommit {

    static final int MAX_BATCH = 1_000;
    static final int TRIM_CHUNK = 2_048;
    /** Publishes beyond this many waiting get 503 at once instead of a growing queue. */
    static final int MAX_WAITING = 100_000;
    /** How long one statement may wait on the network before the batch fails. */
    static final int NETWORK_TIMEOUT_MILLIS = 10_000;
    /** How long an idle writer sleeps when no trim is due. */
    static final long IDLE_MILLIS = 60_000;

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    private static final Pending STOP = new Pending(Update.of("stop", ""), new CompletableFuture<>());

    private final DataSource dataSource;
    private final LogTable table;
    private final long maxUpdates;
    private final Duration maxAge;
    private final Availability availability;
    private final NewestUpdate newest;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(MAX_WAITING);
    private final Thread thread;
    private volatile boolean stopping;

    // The writer thread's own: what it last saw of the log (another node's trims make oldest stale, never wrong).
    private long head;
    private long oldest = -1;
    private long oldestCreated;
    /** The database's clock minus this JVM's, as of the last transaction: retention ages rows by the database's. */
    private long clockSkew;
    private long lastFailureLogged = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);
    private long failedSinceLogged;

    GroupCommit(DataSource dataSource, LogTable table, long maxUpdates, Duration maxAge, Availability availability,
            NewestUpdate newest, long head) {
        this.dataSource = dataSource;
        this.table = table;
        this.maxUpdates = maxUpdates;
        this.maxAge = maxAge;
        this.availability = availability;
        this.newest = newest;
        this.head = head;
        this.thread = new Thread(this::run, "herald-postgres-writer " + table);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues {@code update}; the future completes once it is committed, or fails with 503's exception at once. */
    CompletableFuture<Void> append(Update update) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        String refusal = stopping ? "the PostgreSQL log " + table + " is closed"
                : !availability.writable() ? "PostgreSQL is unavailable: " + availability.problem()
                : UpdateRows.unstorable(update).orElse(null);
        if (refusal != null) {
            stored.completeExceptionally(new TransportUnavailableException(refusal, null));
            return stored;
        }
        Pending pending = new Pending(update, stored);
        if (!queue.offer(pending)) {
            stored.completeExceptionally(new TransportUnavailableException(MAX_WAITING
                    + " updates are already waiting to be written to PostgreSQL", null));
        } else if (stopping && queue.remove(pending)) {
            stored.completeExceptionally(new TransportUnavailableException("the PostgreSQL log " + table
                    + " is closed", null));
        }
        return stored;
    }

    /** Writes what is queued, then stops. */
    void stop() {
        stopping = true;
        if (thread.isAlive()) {
            try {
                queue.offer(STOP, 10, TimeUnit.SECONDS);
                thread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        failWaiting();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (true) {
                Pending first = queue.poll(idleMillis(), TimeUnit.MILLISECONDS);
                if (first == STOP || (first == null && stopping)) {
                    break;
                }
                if (first == null) {
                    trimAlone();
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                boolean last = batch.remove(STOP);
                write(batch);
                batch.clear();
                if (last) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("the writer of the PostgreSQL log {} failed; publishes now get 503", table, e);
            stopping = true;
            fail(batch, e);
        }
        failWaiting();
    }

    private void write(List<Pending> batch) {
        if (!availability.writable()) {
            fail(batch, new IllegalStateException(availability.problem()));
            return;
        }
        long newHead = -1;
        String lastId = batch.get(batch.size() - 1).update().id();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
            try {
                long created;
                try (PreparedStatement advance = connection.prepareStatement(table.advanceHead())) {
                    advance.setInt(1, batch.size());
                    advance.setString(2, table.channel());
                    try (ResultSet row = advance.executeQuery()) {
                        if (!row.next()) {
                            throw new SQLException("the log " + table + " has lost its state row");
                        }
                        newHead = row.getLong(1);
                        created = row.getLong(2);
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement(table.insert())) {
                    insert.setLong(1, newHead - batch.size());
                    insert.setLong(2, created);
                    UpdateRows.bind(connection, insert, 3, batch);
                    insert.executeUpdate();
                }
                clockSkew = created - System.currentTimeMillis();
                head = newHead;
                trimChunk(connection, created);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // the connection is gone; so is the transaction
                }
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            if (newHead < 0 || !storedAnyway(newHead, lastId, e)) {
                oldest = -1; // a trim of the failed transaction was undone with it
                fail(batch, e);
                return;
            }
        }
        availability.writeSucceeded();
        newest.advance(newHead, lastId);
        for (Pending pending : batch) {
            pending.stored().complete(null);
        }
    }

    /**
     * Whether the batch ending at {@code position} with {@code id} is in the log although its transaction reported
     * {@code failure}: a commit whose answer was lost may have gone through, and a transaction is stored whole or not.
     * When even that cannot be read, the batch counts as failed (its publishers retry; they were not told 200).
     */
    private boolean storedAnyway(long position, String id, Exception failure) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement holds = connection.prepareStatement(table.holds())) {
            connection.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
            holds.setLong(1, position);
            holds.setString(2, id);
            try (ResultSet row = holds.executeQuery()) {
                if (row.next()) {
                    LOG.warn("appending to the PostgreSQL log {} reported {}, but the updates were stored", table,
                            failure.getMessage());
                    return true;
                }
                return false;
            }
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Deletes at most one chunk of what retention says must go, in the open transaction, holding the head lock. */
    private void trimChunk(Connection connection, long now) throws SQLException {
        if (oldest < 0) {
            refreshOldest(connection);
        }
        if (!trimDue(now)) {
            return;
        }
        long keepFrom = head - maxUpdates + 1;
        long cutoff = maxAge.isZero() ? Long.MIN_VALUE : now - maxAge.toMillis();
        try (PreparedStatement trim = connection.prepareStatement(table.trim())) {
            trim.setLong(1, Math.min(oldest + TRIM_CHUNK, head + 1));
            trim.setLong(2, keepFrom);
            trim.setLong(3, cutoff);
            trim.executeUpdate();
        }
        refreshOldest(connection);
    }

    private boolean trimDue(long now) {
        if (oldest < 0 || oldest > head) {
            return false;
        }
        return head - oldest + 1 > maxUpdates || (!maxAge.isZero() && oldestCreated < now - maxAge.toMillis());
    }

    private void refreshOldest(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(table.oldest());
                ResultSet row = query.executeQuery()) {
            if (row.next()) {
                oldest = row.getLong(1);
                oldestCreated = row.getLong(2);
            } else {
                oldest = head + 1;
                oldestCreated = Long.MAX_VALUE;
            }
        }
    }

    /**
     * How long the writer waits for an append: no longer than until the oldest row's age runs out (or, with an age
     * limit, a minute, to see rows other nodes wrote), else a minute; nothing is asked of PostgreSQL meanwhile.
     */
    private long idleMillis() {
        long now = System.currentTimeMillis() + clockSkew;
        if (trimDue(now)) {
            return 0;
        }
        if (maxAge.isZero()) {
            return IDLE_MILLIS;
        }
        long wait = oldest >= 0 && oldest <= head ? oldestCreated + maxAge.toMillis() - now + 1 : IDLE_MILLIS;
        return Math.max(1, Math.min(wait, Math.min(IDLE_MILLIS, Math.max(1, maxAge.toMillis()))));
    }

    /** Trims one chunk in a transaction of its own while no publish waits: age limits apply to an idle log too. */
    private void trimAlone() {
        if (maxAge.isZero() && !trimDue(System.currentTimeMillis() + clockSkew)) {
            return;
        }
        if (!availability.writable()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
            try {
                long now;
                try (PreparedStatement lock = connection.prepareStatement(table.lockHead());
                        ResultSet row = lock.executeQuery()) {
                    row.next();
                    head = Math.max(head, row.getLong(1));
                    now = row.getLong(2);
                }
                clockSkew = now - System.currentTimeMillis();
                refreshOldest(connection);
                trimChunk(connection, now);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            oldest = -1;
            LOG.debug("trimming the PostgreSQL log {} failed, will retry: {}", table, e.getMessage());
        }
    }

    private void fail(List<Pending> batch, Throwable cause) {
        if (batch.isEmpty()) {
            return;
        }
        String message = "PostgreSQL cannot store updates in " + table + ": " + cause.getMessage();
        availability.writeFailed(String.valueOf(cause.getMessage()));
        // One line a second at most: an outage fails every batch, hundreds a second under load.
        long now = System.nanoTime();
        if (now - lastFailureLogged >= TimeUnit.SECONDS.toNanos(1)) {
            LOG.error("{}; {} publish(es) answered 503, {} more since the previous line", message, batch.size(),
                    failedSinceLogged);
            lastFailureLogged = now;
            failedSinceLogged = 0;
        } else {
            failedSinceLogged += batch.size();
        }
        TransportUnavailableException unavailable = new TransportUnavailableException(message, cause);
        for (Pending pending : batch) {
            pending.stored().completeExceptionally(unavailable);
        }
    }

    private void failWaiting() {
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.remove(STOP);
        for (Pending pending : left) {
            pending.stored().completeExceptionally(new TransportUnavailableException("the PostgreSQL log " + table
                    + " is closed", null));
        }
    }
}
