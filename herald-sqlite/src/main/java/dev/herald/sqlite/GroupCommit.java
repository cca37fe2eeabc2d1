package dev.herald.sqlite;

import dev.herald.hub.StoreFailureLog;
import dev.herald.hub.Transport;
import dev.herald.hub.TransportUnavailableException;
import dev.herald.hub.Update;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The one thread that writes the history. Appends wait in a queue; the thread takes everything waiting (up to
 * {@value #MAX_BATCH}) and stores it in one transaction, so a burst of publishes costs one commit (and with
 * {@link Sync#FULL} one fsync) rather than one each. Only after the commit returns are the updates handed to the
 * listener; when it fails, every publisher of the batch is told so, and nothing of the batch is delivered.
 *
 * <p>With {@link Sync#FULL} the writer's connection commits as {@code synchronous=NORMAL} (into the WAL, not yet
 * flushed) and the writer then flushes the WAL itself: the batch goes to the listener between the two, so subscribers
 * do not wait for the disk, and publishers are told "stored" only after the flush. That is the durability of
 * {@code synchronous=FULL} for every acknowledged update (a flush of the WAL after each commit is what FULL adds);
 * what changes is that a subscriber may see an update whose publisher is still waiting for its answer.
 *
 * <p>Positions are the table's row ids, given here in order, so the listener sees them increase with no gaps. The
 * oldest updates are trimmed in chunks of at most {@value #TRIM_CHUNK} rows, inside a batch's transaction when there
 * is one and on their own when the queue is idle, so retention never holds a publish up for long.
 */
final class GroupCommit {

    static final int MAX_BATCH = 2_048;
    static final int TRIM_CHUNK = 2_048;
    static final int CACHE_KIB = 32 * 1024;
    static final int AUTOCHECKPOINT_PAGES = 4_000;
    /** Publishes beyond this many waiting get 503 at once instead of a growing queue. */
    static final int MAX_WAITING = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    private static final Pending STOP = new Pending(Update.of("stop", ""), new CompletableFuture<>());

    private final HistoryFile file;
    private final Sync sync;
    private final Connection connection;
    /** A second connection, which sees only committed rows: what it reads after a failure is what the file holds. */
    private final Connection committed;
    private final PreparedStatement insert;
    private final PreparedStatement trim;
    private final PreparedStatement oldestRow;
    private final PreparedStatement rowAt;
    private final PreparedStatement newestRow;
    /** Begins, commits and rolls back the writer's transactions. */
    private final Statement transactions;
    private final Retention retention;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(MAX_WAITING);
    private final Thread thread;
    private volatile boolean stopping;
    /** Why appends are refused once the writer has stopped on its own (a failed flush); otherwise it was closed. */
    private volatile String refusedBecause;
    /** The last batch could not be stored (a full disk, say): the hub reports not ready until one is. */
    private volatile boolean lastBatchFailed;
    /** A flush of the WAL failed: what the disk holds is unknown, and nothing more is acknowledged (flushWal). */
    private boolean distrusted;
    private Transport.Listener listener;
    /** With {@link Sync#FULL}: the WAL, opened at the first commit (SQLite creates it), flushed after each. */
    private FileChannel wal;

    // Written by the writer thread only; head and lastId are read by others.
    private long oldest;
    private long oldestCreated;
    private long newestCreated;
    private volatile long head;
    private volatile Optional<String> lastId;
    private final StoreFailureLog failures = new StoreFailureLog(LOG);
    /** A failure left it unknown whether a batch was stored: the next batch first reads where the file ends. */
    private boolean headUnknown;

    /**
     * @param connection the writer's connection, committing as {@code synchronous=NORMAL} whatever {@code sync} is
     * @param committed another connection on the file, only read from, and only after a failed write
     */
    GroupCommit(HistoryFile file, Sync sync, Connection connection, Connection committed, Retention retention,
            Extent extent) throws SQLException {
        this.file = file;
        this.sync = sync;
        this.connection = connection;
        this.committed = committed;
        // Each query then reads the newest commit, not a snapshot held since the first one.
        committed.setAutoCommit(true);
        this.retention = retention;
        // Transactions are begun and ended here, explicitly, never by the driver: after some errors (a full disk
        // among them) SQLite rolls a transaction back by itself, and a driver that still believed it open then
        // ran the next batch's inserts one by one, each committed, while the batch was reported failed.
        connection.setAutoCommit(true);
        this.transactions = connection.createStatement();
        try (Statement statement = connection.createStatement()) {
            // Update ids are mostly random (urn:uuid:), so every insert lands on its own page of the id index: a
            // cache that holds the index saves reading those pages back for each batch.
            statement.execute("PRAGMA cache_size = -" + CACHE_KIB);
            // The Checkpointer copies the WAL into the database off this thread; this commit-time checkpoint is
            // what lets the WAL start over from its beginning, and by then little is left for it to copy.
            statement.execute("PRAGMA wal_autocheckpoint = " + AUTOCHECKPOINT_PAGES);
        }
        this.insert = connection.prepareStatement(UpdateRow.INSERT);
        // Rows are written in position order with non-decreasing created times, so both conditions delete a prefix
        // of the history; the first bound keeps one statement to a chunk.
        this.trim = connection.prepareStatement(
                "DELETE FROM updates WHERE position < ? AND (position < ? OR created_ms < ?)");
        this.oldestRow = connection.prepareStatement(
                "SELECT position, created_ms FROM updates ORDER BY position LIMIT 1");
        // Asked on the other connection: the writer's own would also see the rows of a transaction that a failed
        // rollback left open, rows that are then lost, so a publish would be answered 200 for nothing.
        this.rowAt = committed.prepareStatement("SELECT 1 FROM updates WHERE position = ?");
        this.newestRow = committed.prepareStatement("SELECT max(position) FROM updates");
        this.oldest = extent.oldest();
        this.oldestCreated = extent.oldestCreatedMillis();
        this.newestCreated = extent.newestCreatedMillis();
        this.head = extent.newest();
        this.lastId = extent.lastId();
        this.thread = new Thread(this::run, "herald-sqlite-writer");
        this.thread.setDaemon(true);
    }

    /** Starts writing; updates are handed to {@code listener} once committed. */
    void start(Transport.Listener listener) {
        this.listener = listener;
        thread.start();
    }

    /** The position of the newest committed update (0 when none ever was). */
    long head() {
        return head;
    }

    /** The id of the newest committed update still held, as far as this hub knows. */
    Optional<String> lastId() {
        return lastId;
    }

    /** Queues {@code update}; the future completes once it is committed. */
    CompletableFuture<Void> append(Update update) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        if (stopping) {
            stored.completeExceptionally(new TransportUnavailableException(refusal(), null));
        } else {
            Pending pending = new Pending(update, stored);
            if (!queue.offer(pending)) {
                stored.completeExceptionally(new TransportUnavailableException(MAX_WAITING
                        + " updates are already waiting to be written to " + file.path(), null));
            } else if (stopping && queue.remove(pending)) {
                // Stopped between the check and the offer: the writer may be gone, so nobody would answer it.
                stored.completeExceptionally(new TransportUnavailableException(refusal(), null));
            }
        }
        return stored;
    }

    private String refusal() {
        String because = refusedBecause;
        return because != null ? because : "the history file " + file.path() + " is closed";
    }

    /** Stops after what is queued is written, and closes the connection. */
    void stop() {
        stopping = true;
        if (thread.isAlive()) {
            try {
                // A full queue drains as the writer commits: wait for room rather than lose the STOP.
                queue.offer(STOP, 10, TimeUnit.SECONDS);
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        failWaiting();
        try {
            if (wal != null) {
                wal.close();
            }
        } catch (IOException e) {
            LOG.debug("closing the WAL of {}: {}", file.path(), e.getMessage());
        }
        for (Connection open : List.of(committed, connection)) {
            try {
                open.close();
            } catch (SQLException e) {
                LOG.warn("closing the history file {}: {}", file.path(), e.getMessage());
            }
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (true) {
                Pending first = queue.poll(idleMillis(System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                if (first == STOP) {
                    break;
                }
                if (first == null && stopping) {
                    break; // stopped while the queue was too full to take STOP
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
                if (last || distrusted) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("the writer of the history file {} failed; publishes now get 503", file.path(), e);
            stopping = true;
            fail(batch, e);
        }
        failWaiting();
    }

    private void write(List<Pending> batch) {
        if (headUnknown && !findHead(batch)) {
            return;
        }
        long created = Math.max(newestCreated, System.currentTimeMillis());
        long first = head + 1;
        long newest = first + batch.size() - 1;
        long trimmedTo = oldest;
        try {
            transactions.execute("BEGIN IMMEDIATE");
            for (int i = 0; i < batch.size(); i++) {
                UpdateRow.bind(insert, first + i, batch.get(i).update(), created);
                insert.addBatch();
            }
            insert.executeBatch();
            trimmedTo = trimChunk(newest, created, oldest == first ? created : oldestCreated);
            transactions.execute("COMMIT");
        } catch (SQLException e) {
            rollback();
            if (isFailedFlush(e)) {
                distrust(batch, e);
                return;
            }
            if (!storedAnyway(newest, e)) {
                fail(batch, e);
                return;
            }
        }
        if (oldest == first) {
            oldestCreated = created; // the history was empty: the batch is its oldest
        }
        newestCreated = created;
        head = newest;
        lastId = Optional.of(batch.get(batch.size() - 1).update().id());
        if (trimmedTo > oldest) {
            refreshOldest();
        }
        for (int i = 0; i < batch.size(); i++) {
            Pending pending = batch.get(i);
            try {
                listener.onUpdate(first + i, pending.update());
            } catch (RuntimeException e) {
                LOG.error("the hub's listener failed on update {}", pending.update().id(), e);
            }
        }
        if (sync == Sync.FULL && !flushWal(batch)) {
            return;
        }
        lastBatchFailed = false;
        for (Pending pending : batch) {
            pending.stored().complete(null);
        }
    }

    /** Whether appends can be stored now: the writer runs, trusts the file, and stored the last batch it tried. */
    boolean available() {
        return !stopping && refusedBecause == null && !lastBatchFailed;
    }

    /** Puts the WAL, and so the batch just committed, on the disk; when that fails, see {@link #distrust}. */
    private boolean flushWal(List<Pending> batch) {
        try {
            if (wal == null) {
                // SQLite names the WAL after the file it opened, symbolic links resolved.
                wal = FileChannel.open(Path.of(file.path().toRealPath() + "-wal"), StandardOpenOption.WRITE);
            }
            wal.force(false);
            return true;
        } catch (IOException e) {
            distrust(batch, e);
            return false;
        }
    }

    /**
     * Whether SQLite's own flush failed inside the commit: it flushes the WAL's header when the WAL starts over, and
     * that failure means what {@link #flushWal}'s does.
     */
    private static boolean isFailedFlush(SQLException failure) {
        return failure instanceof SQLiteException sqlite
                && (sqlite.getResultCode() == SQLiteErrorCode.SQLITE_IOERR_FSYNC
                        || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_IOERR_DIR_FSYNC);
    }

    /**
     * After a failed flush nobody can tell what the disk holds (the kernel may have dropped the pages it could not
     * write, and a later flush would then succeed without them, losing later batches behind the missing ones after a
     * power loss), so the writer stops: this batch and every later publish hear 503 until the hub is restarted, and
     * reopening the file recovers what the disk does hold.
     */
    private void distrust(List<Pending> batch, Exception cause) {
        LOG.error("the history file {} cannot be flushed to the disk ({}); publishes now get 503 until the hub is"
                + " restarted", file.path(), cause.toString());
        distrusted = true;
        refusedBecause = "the history file " + file.path() + " could not be flushed to the disk (" + cause
                + "); no update is stored until the hub is restarted";
        stopping = true; // appends now get 503 at once
        fail(batch, cause);
    }

    /**
     * Whether the batch ending at {@code newest} is in the file although writing it failed ({@code failure}): a
     * commit can report an error after it has gone through. A transaction is stored whole or not at all, so its last
     * row tells. When even that cannot be read, the batch counts as failed and the next one first finds the end of
     * the file.
     */
    private boolean storedAnyway(long newest, SQLException failure) {
        try {
            rowAt.setLong(1, newest);
            try (ResultSet row = rowAt.executeQuery()) {
                if (row.next()) {
                    LOG.warn("writing to the history file {} reported {}, but the updates were stored", file.path(),
                            failure.getMessage());
                    return true;
                }
                return false;
            }
        } catch (SQLException e) {
            headUnknown = true;
            return false;
        }
    }

    /**
     * Reads the newest position in the file after a failure that left it unknown, so that no position is given
     * twice; updates stored then, though reported failed, stay in history. Fails {@code batch} if the file cannot
     * be read.
     */
    private boolean findHead(List<Pending> batch) {
        try (ResultSet row = newestRow.executeQuery()) {
            long inFile = row.next() ? row.getLong(1) : 0;
            if (inFile > head) {
                LOG.warn("the history file {} holds updates up to position {}, past the {} this hub had stored",
                        file.path(), inFile, head);
                head = inFile;
            }
            headUnknown = false;
            return true;
        } catch (SQLException e) {
            fail(batch, e);
            return false;
        }
    }

    /**
     * Deletes at most one chunk of what retention says must go, in the open transaction; returns the position below
     * which rows may now be gone (the old {@code oldest} when nothing was due).
     */
    private long trimChunk(long newest, long now, long oldestCreatedNow) throws SQLException {
        long keepFrom = newest - retention.maxUpdates() + 1;
        long cutoff = retention.byAge() ? now - retention.maxAge().toMillis() : Long.MIN_VALUE;
        boolean due = oldest < keepFrom || (retention.byAge() && oldestCreatedNow < cutoff && oldest <= newest);
        if (!due) {
            return oldest;
        }
        long bound = Math.min(oldest + TRIM_CHUNK, newest + 1);
        trim.setLong(1, bound);
        trim.setLong(2, keepFrom);
        trim.setLong(3, cutoff);
        trim.executeUpdate();
        return bound;
    }

    /** Whether retention has rows to delete at {@code now}. */
    private boolean trimDue(long now) {
        if (oldest > head) {
            return false;
        }
        return head - oldest + 1 > retention.maxUpdates()
                || (retention.byAge() && oldestCreated < now - retention.maxAge().toMillis());
    }

    /** How long the writer may wait for an append: until the oldest update's age runs out, a second at most. */
    private long idleMillis(long now) {
        if (trimDue(now)) {
            return 0;
        }
        if (retention.byAge() && oldest <= head) {
            return Math.max(1, Math.min(1_000, oldestCreated + retention.maxAge().toMillis() - now + 1));
        }
        return 1_000;
    }

    /** Trims one chunk in a transaction of its own, while no publish waits. */
    private void trimAlone() {
        long now = System.currentTimeMillis();
        if (!trimDue(now)) {
            return;
        }
        try {
            transactions.execute("BEGIN IMMEDIATE");
            long trimmedTo = trimChunk(head, now, oldestCreated);
            transactions.execute("COMMIT");
            if (trimmedTo > oldest) {
                refreshOldest();
            }
        } catch (SQLException e) {
            rollback();
            LOG.warn("trimming the history file {} failed, will retry: {}", file.path(), e.getMessage());
        }
    }

    private void refreshOldest() {
        try (ResultSet row = oldestRow.executeQuery()) {
            if (row.next()) {
                oldest = row.getLong(1);
                oldestCreated = row.getLong(2);
            } else {
                oldest = head + 1;
                oldestCreated = Long.MAX_VALUE;
            }
        } catch (SQLException e) {
            LOG.warn("reading the oldest update of {} failed: {}", file.path(), e.getMessage());
        }
    }

    private void rollback() {
        try {
            insert.clearBatch();
            transactions.execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite rolls back by itself after some errors (a full disk among them); nothing is left to undo
        }
    }

    private void fail(List<Pending> batch, Throwable cause) {
        if (batch.isEmpty()) {
            return;
        }
        lastBatchFailed = true;
        String message = "the history file " + file.path() + " cannot store updates: " + cause.getMessage();
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
            pending.stored().completeExceptionally(new TransportUnavailableException(refusal(), null));
        }
    }
}
