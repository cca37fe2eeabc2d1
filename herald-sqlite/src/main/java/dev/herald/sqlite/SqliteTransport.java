package dev.herald.sqlite;

import dev.herald.hub.HubOptions;
import dev.herald.hub.Transport;
import dev.herald.hub.Update;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Transport} that keeps history in a SQLite file, so that it survives a restart or a crash of the hub: a
 * subscriber that comes back with a Last-Event-ID issued before the restart receives exactly what followed it.
 *
 * <pre>{@code
 * Hub hub = Hub.builder().transport(SqliteTransport.open(Path.of("/var/lib/herald/history.db"))).build().start();
 * }</pre>
 *
 * <p><b>Acknowledged means durable.</b> {@link #append} completes only after the update is committed to the file.
 * Appends are written by one thread in batches, one transaction each (group commit), so many publishes share one
 * commit. With {@link Sync#FULL} (the default) each commit is also flushed to the disk before its publishers are
 * answered (its subscribers receive it meanwhile); with {@link Sync#NORMAL} it survives a process crash but not
 * necessarily a power loss. When the file cannot be written (a full disk, a file size limit, an I/O error) the
 * appends of that batch fail with {@link dev.herald.hub.TransportUnavailableException} and the hub answers 503: never
 * a success that was not stored.
 *
 * <p>Positions are the rows' ids: they increase along the file and keep increasing across restarts. An id
 * published more than once resolves to its earliest update still in history. The oldest updates are trimmed in the
 * background, by count and by age, in bounded chunks between batches.
 *
 * <p>The file is refused at open (with {@link HistoryFileException}) unless it is new, or a Herald history of this
 * schema ({@code PRAGMA application_id} and {@code user_version}); it is locked while open so that only one hub
 * writes it. It is in WAL mode and can be read meanwhile with the {@code sqlite3} tool.
 */
public final class SqliteTransport implements Transport {

    /** The number of updates kept unless another is given. */
    public static final long DEFAULT_HISTORY_SIZE = HubOptions.HISTORY_SIZE.defaultValue().orElseThrow();

    private static final Logger LOG = LoggerFactory.getLogger(SqliteTransport.class);

    private final HistoryFile file;
    private final GroupCommit writer;
    private final HistoryReader reader;
    private final Checkpointer checkpointer;
    private final Sync sync;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private SqliteTransport(Builder builder) {
        long opening = System.nanoTime();
        this.sync = builder.sync;
        this.file = HistoryFile.open(builder.path);
        List<Connection> opened = new ArrayList<>();
        try {
            long maxPages = builder.maxFileBytes > 0 ? Math.max(1, builder.maxFileBytes / file.pageSize()) : 0;
            Extent extent = file.extent();
            // The writer flushes the WAL itself after handing a batch to the hub (see GroupCommit).
            opened.add(file.connect(Sync.NORMAL, maxPages));
            opened.add(file.connect(builder.sync, 0));
            opened.add(file.connect(Sync.NORMAL, 0));
            this.writer = new GroupCommit(file, builder.sync, opened.get(0), opened.get(2),
                    new Retention(builder.historySize, builder.historyMaxAge), extent);
            this.checkpointer = new Checkpointer(file, opened.get(1));
            this.reader = new HistoryReader(file, builder.sync, writer::head);
            LOG.info("history file {}: {} updates, positions {} to {}, sync {}, opened in {} ms", file.path(),
                    extent.size(), extent.oldest(), extent.newest(), builder.sync.name().toLowerCase(),
                    (System.nanoTime() - opening) / 1_000_000);
        } catch (SQLException | RuntimeException e) {
            for (Connection connection : opened) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // closing what was opened, on the way out
                }
            }
            file.close();
            if (e instanceof SQLException) {
                throw new HistoryFileException("cannot open the history file " + file.path() + ": "
                        + e.getMessage(), e);
            }
            throw (RuntimeException) e;
        }
    }

    /** A transport on the history file at {@code path}, created if absent, with the defaults. */
    public static SqliteTransport open(Path path) {
        return builder(path).build();
    }

    /** A builder for a transport on the history file at {@code path}. */
    public static Builder builder(Path path) {
        return new Builder(path);
    }

    /** Starts the writer; every update committed from now on goes to {@code listener}, in order. */
    @Override
    public void start(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the transport was already started");
        }
        writer.start(listener);
        checkpointer.start();
    }

    /** Queues the update for the next commit; completes once it is committed (and, with sync full, on the disk). */
    @Override
    public CompletableFuture<Void> append(Update update) {
        Objects.requireNonNull(update, "update");
        return writer.append(update);
    }

    /** Reads what follows {@code lastEventId} (everything for {@code earliest}) on a reader thread. */
    @Override
    public CompletableFuture<Replay> replay(String lastEventId, Listener listener) {
        return replay(lastEventId, Long.MAX_VALUE, listener);
    }

    /** The same, one page of about {@code maxBytes} of update data at a time. */
    @Override
    public CompletableFuture<Replay> replay(String lastEventId, long maxBytes, Listener listener) {
        Objects.requireNonNull(lastEventId, "lastEventId");
        Objects.requireNonNull(listener, "listener");
        return reader.replay(lastEventId, maxBytes, listener);
    }

    /** Reads the next page of a replay on a reader thread. */
    @Override
    public CompletableFuture<Boolean> replayAfter(long afterPosition, long upToPosition, long maxBytes,
            Listener listener) {
        Objects.requireNonNull(listener, "listener");
        return reader.replayAfter(afterPosition, upToPosition, maxBytes, listener);
    }

    /** The id of the newest committed update, including one from before a restart. */
    @Override
    public Optional<String> lastEventId() {
        return writer.lastId();
    }

    /** Writes what is queued, then closes the file; the history stays in it for the next start. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            writer.stop();
            checkpointer.stop();
            reader.close();
            file.close();
        }
    }

    /** Whether the writer can store updates now (it stored the last batch it tried, and trusts the file). */
    @Override
    public boolean isAvailable() {
        return writer.available();
    }

    /** The file and the sync mode. */
    @Override
    public String toString() {
        return "SqliteTransport[" + file.path() + " sync=" + sync.name().toLowerCase() + "]";
    }

    /** Configures a {@link SqliteTransport}. Not thread-safe. */
    public static final class Builder {
        private final Path path;
        private Sync sync = Sync.FULL;
        private long historySize = DEFAULT_HISTORY_SIZE;
        private Duration historyMaxAge = Duration.ZERO;
        private long maxFileBytes;

        private Builder(Path path) {
            this.path = Objects.requireNonNull(path, "path");
        }

        /** How far a commit goes before appends are acknowledged; default {@link Sync#FULL}. */
        public Builder sync(Sync sync) {
            this.sync = Objects.requireNonNull(sync, "sync");
            return this;
        }

        /** The most updates kept (zero keeps none); default the hub's, {@link HubOptions#HISTORY_SIZE}. */
        public Builder historySize(long historySize) {
            if (historySize < 0) {
                throw new IllegalArgumentException("the history size must not be negative: " + historySize);
            }
            this.historySize = historySize;
            return this;
        }

        /** The age past which updates are trimmed; {@link Duration#ZERO} (the default) for no limit. */
        public Builder historyMaxAge(Duration historyMaxAge) {
            Objects.requireNonNull(historyMaxAge, "historyMaxAge");
            if (historyMaxAge.isNegative()) {
                throw new IllegalArgumentException("the history's maximum age must not be negative: "
                        + historyMaxAge);
            }
            this.historyMaxAge = historyMaxAge;
            return this;
        }

        /**
         * The most bytes the database file may take (SQLite's {@code max_page_count}); past it appends fail with
         * 503 until retention frees room. Zero (the default) for no limit but the disk's.
         */
        public Builder maxFileBytes(long maxFileBytes) {
            if (maxFileBytes < 0) {
                throw new IllegalArgumentException("the file size limit must not be negative: " + maxFileBytes);
            }
            this.maxFileBytes = maxFileBytes;
            return this;
        }

        /** Opens the file; throws {@link HistoryFileException} when it cannot be used. */
        public SqliteTransport build() {
            return new SqliteTransport(this);
        }
    }
}
