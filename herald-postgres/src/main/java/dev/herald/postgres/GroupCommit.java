package dev.herald.postgres;

import dev.herald.hub.StoreFailureLog;
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
 * to {@value #MAX_BATCH}) into one statement, run as its own transaction ({@link LogTable#append()}): it moves the
 * head row past the batch, which takes that row's lock until the commit, inserts the batch's rows at the positions it
 * got (each column an array), and queues a notification, sent at commit. One round trip and one WAL flush for a burst
 * of publishes, rather than one each. Publishers are answered only once it returned: 200 means committed, as durable
 * as the server's {@code synchronous_commit} makes a commit. A failed statement answers its whole batch 503, except
 * when the commit went through although its answer was lost, which a read of the batch's last id tells.
 *
 * <p><b>Why no reader skips an update.</b> Positions are taken under the head row's lock, and that lock is released
 * only when the transaction holding it has ended: PostgreSQL makes a commit visible to new snapshots before it
 * releases the transaction's locks, and an {@code UPDATE} that waited for the row under READ COMMITTED reads its newest
 * committed version. So the transaction holding positions up to {@code p} is committed and visible before any other
 * can take a position after {@code p}: positions become visible in order, and every snapshot holds all of the
 * positions up to the newest it holds (retention deletes only the oldest). A reader that has read up to {@code p} and
 * asks for what follows {@code p} can never find {@code p + 2} while {@code p + 1} is still to come. Sequences, by
 * contrast, hand out numbers that commit in any order. Appends from every node take the same row lock, one
 * transaction at a time; group commit is what keeps that fast.
 *
 * <p>Retention is the {@link Trimmer}'s, told of each batch: no publish waits on a delete.
 */
final class GroupCommit {

    static final int MAX_BATCH = 1_000;
    /** Publishes beyond this many waiting get 503 at once instead of a growing queue. */
    static final int MAX_WAITING = 100_000;
    /** How long one statement may wait on the network before the batch fails. */
    static final int NETWORK_TIMEOUT_MILLIS = 10_000;
    /** How long an idle writer sleeps before it looks whether it was stopped. */
    static final long IDLE_MILLIS = 60_000;

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    private static final Pending STOP = new Pending(Update.of("stop", ""), new CompletableFuture<>());

    private final DataSource dataSource;
    private final LogTable table;
    private final Availability availability;
    private final NewestUpdate newest;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(MAX_WAITING);
    private final Thread thread;
    private volatile boolean stopping;

    private final Trimmer trimmer;
    /** The writer thread's own: the newest head it committed (a lower bound of the log's). */
    private long head;
    private final StoreFailureLog failures = new StoreFailureLog(LOG);

    GroupCommit(DataSource dataSource, LogTable table, long maxUpdates, Duration maxAge, Availability availability,
            NewestUpdate newest, long head) {
        this.dataSource = dataSource;
        this.table = table;
        this.availability = availability;
        this.newest = newest;
        this.head = head;
        this.trimmer = new Trimmer(dataSource, table, maxUpdates, maxAge, availability, head);
        this.thread = new Thread(this::run, "herald-postgres-writer " + table);
        this.thread.setDaemon(true);
    }

    void start() {
        trimmer.start();
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
        trimmer.stop();
        failWaiting();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (true) {
                Pending first = queue.poll(IDLE_MILLIS, TimeUnit.MILLISECONDS);
                if (first == STOP || (first == null && stopping)) {
                    break;
                }
                if (first == null) {
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
        String lastId = batch.get(batch.size() - 1).update().id();
        long before = head;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            connection.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
            long newHead;
            long created;
            try (PreparedStatement append = connection.prepareStatement(table.append())) {
                append.setInt(1, batch.size());
                append.setString(2, table.channel());
                append.setInt(3, batch.size());
                UpdateRows.bind(connection, append, 4, batch);
                try (ResultSet row = append.executeQuery()) {
                    if (!row.next()) {
                        throw new SQLException("the log " + table + " has lost its state row");
                    }
                    newHead = row.getLong(1);
                    created = row.getLong(2);
                }
            }
            stored(batch, newHead, lastId);
            trimmer.committed(newHead, created);
        } catch (SQLException | RuntimeException e) {
            if (batch.get(0).stored().isDone()) {
                return; // stored and answered; only closing the connection failed
            }
            if (storedAnyway(lastId, before, e)) {
                stored(batch, head, lastId);
            } else {
                fail(batch, e);
            }
        }
    }

    private void stored(List<Pending> batch, long newHead, String lastId) {
        head = Math.max(head, newHead);
        availability.writeSucceeded();
        newest.advance(newHead, lastId);
        for (Pending pending : batch) {
            pending.stored().complete(null);
        }
    }

    /**
     * Whether the batch whose last update has the id {@code id} is in the log although its statement reported
     * {@code failure}: a commit whose answer was lost may have gone through, and a transaction is stored whole or not.
     * When even that cannot be read, the batch counts as failed (its publishers retry; they were not told 200).
     */
    private boolean storedAnyway(String id, long after, Exception failure) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement held = connection.prepareStatement(table.heldAfter())) {
            connection.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
            held.setString(1, id);
            held.setLong(2, after);
            try (ResultSet row = held.executeQuery()) {
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

    private void fail(List<Pending> batch, Throwable cause) {
        if (batch.isEmpty()) {
            return;
        }
        String message = "PostgreSQL cannot store updates in " + table + ": " + cause.getMessage();
        availability.writeFailed(String.valueOf(cause.getMessage()));
        failures.failed(message, batch.size());
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
