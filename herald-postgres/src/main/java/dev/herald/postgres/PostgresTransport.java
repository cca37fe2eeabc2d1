package dev.herald.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.herald.hub.HubOptions;
import dev.herald.hub.Transport;
import dev.herald.hub.TransportUnavailableException;
import dev.herald.hub.Update;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Transport} on a PostgreSQL table: the log every hub node given the same database and table shares, and
 * the durable history a restarted hub resumes from.
 *
 * <pre>{@code
 * Hub hub = Hub.builder().transport(PostgresTransport.of("postgresql://herald@db.internal:5432/app")).build().start();
 * }</pre>
 *
 * <p><b>Acknowledged means committed.</b> {@link #append} completes once the update's transaction has committed; a
 * node's appends share transactions (group commit) and take the positions of the log one transaction at a time, so
 * positions become visible in order and no reader ever skips one (see {@code GroupCommit}). When PostgreSQL cannot be
 * reached appends fail at once with {@link TransportUnavailableException} (the hub answers 503), streams stay open,
 * and the node catches up by position once it is back.
 *
 * <p><b>Live delivery.</b> Each node follows the log on one connection that {@code LISTEN}s: a commit notifies, the
 * node reads what follows the last position it delivered. Notifications only wake; a lost one is made good by the
 * next read, and by a read every 30 s. An idle node costs PostgreSQL nothing else.
 *
 * <p><b>Retention.</b> The newest {@code historySize} updates, none older than {@code historyMaxAge}, in chunks of
 * at most 2,048 rows deleted inside the appends' transactions (or alone while idle), so no publish waits on a large
 * delete; autovacuum reuses the space, so the table stays at the size of its history. Not partitions: they would drop
 * history in coarse blocks rather than to the update, and need partitions made ahead of time by someone.
 *
 * <p>Opened from a URL, the transport has its own pool (HikariCP, {@link Builder#poolSize}); given an application's
 * {@link DataSource} it uses that, keeping one of its connections for as long as it runs (the listening one).
 */
public final class PostgresTransport implements Transport {

    /** The table used unless another is given. */
    public static final String DEFAULT_TABLE = "herald_updates";
    /** The connections of the transport's own pool unless told otherwise. */
    public static final int DEFAULT_POOL_SIZE = 5;
    /** The number of updates kept unless another is given: the hub's {@link HubOptions#HISTORY_SIZE}. */
    public static final long DEFAULT_HISTORY_SIZE = HubOptions.HISTORY_SIZE.defaultValue().orElseThrow();

    private static final Logger LOG = LoggerFactory.getLogger(PostgresTransport.class);

    private final DataSource dataSource;
    private final Optional<HikariDataSource> ownPool;
    private final String shown;
    private final LogTable table;
    private final long historySize;
    private final Duration historyMaxAge;
    private final int readers;
    private final Availability availability = new Availability();
    private final NewestUpdate newest = new NewestUpdate();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile GroupCommit writer;
    private volatile LogTail tail;
    private volatile HistoryReader reader;

    private PostgresTransport(Builder builder) {
        this.table = LogTable.named(builder.table);
        this.historySize = builder.historySize;
        this.historyMaxAge = builder.historyMaxAge;
        if (builder.dataSource != null) {
            this.dataSource = builder.dataSource;
            this.ownPool = Optional.empty();
            this.shown = "an application's DataSource";
            this.readers = 2;
        } else {
            ConnectionUrl url = builder.url;
            HikariConfig config = new HikariConfig();
            config.setPoolName("herald-postgres");
            config.setJdbcUrl(url.jdbcUrl());
            url.user().ifPresent(config::setUsername);
            url.password().ifPresent(config::setPassword);
            config.setMaximumPoolSize(builder.poolSize);
            // How long a start, or the first append after PostgreSQL went away (before the tail noticed), waits for a
            // connection; once the tail has noticed, appends get 503 at once.
            config.setConnectionTimeout(5_000);
            config.setValidationTimeout(1_000);
            // The pool starts even when PostgreSQL does not answer yet: start() says so, as TransportUnavailable.
            config.setInitializationFailTimeout(-1);
            config.addDataSourceProperty("ApplicationName", "herald");
            config.addDataSourceProperty("tcpKeepAlive", "true");
            HikariDataSource pool = new HikariDataSource(config);
            this.dataSource = pool;
            this.ownPool = Optional.of(pool);
            this.shown = url.toString();
            // One connection listens, one writes, one trims, the rest read history.
            this.readers = Math.max(1, builder.poolSize - 3);
        }
    }

    /** A transport on PostgreSQL at {@code url} with the defaults; see {@link #builder(String)}. */
    public static PostgresTransport of(String url) {
        return builder(url).build();
    }

    /**
     * A builder for a transport with a pool of its own on PostgreSQL at {@code url}:
     * {@code postgresql://[user[:password]@]host[:port][/database][?params]}, {@code postgres://...}, or pgjdbc's
     * {@code jdbc:postgresql:...}.
     *
     * @throws IllegalArgumentException when it is none of those (the message does not repeat it)
     */
    public static Builder builder(String url) {
        return new Builder(ConnectionUrl.parse(Objects.requireNonNull(url, "url")), null);
    }

    /** A builder for a transport on an application's {@code dataSource} (pgjdbc's connections, pooled or not). */
    public static Builder builder(DataSource dataSource) {
        return new Builder(null, Objects.requireNonNull(dataSource, "dataSource"));
    }

    /**
     * Creates or upgrades the tables when needed, reads the head, and follows the log after it.
     *
     * @throws TransportUnavailableException when PostgreSQL cannot be reached, as a node cannot know where to begin
     * @throws IllegalStateException when the table cannot be used (not a Herald log, a newer schema)
     */
    @Override
    public void start(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the transport was already started");
        }
        long head;
        try (Connection connection = dataSource.getConnection()) {
            table.ensure(connection);
            try (PreparedStatement query = connection.prepareStatement(table.head());
                    ResultSet row = query.executeQuery()) {
                head = row.next() ? row.getLong(1) : 0;
            }
            try (PreparedStatement query = connection.prepareStatement(table.newest());
                    ResultSet row = query.executeQuery()) {
                if (row.next()) {
                    newest.advance(row.getLong(1), row.getString(2));
                }
            }
            LogTail following = new LogTail(dataSource, table, head, listener, newest, availability);
            following.connect();
            tail = following;
        } catch (SQLException e) {
            throw new TransportUnavailableException("PostgreSQL at " + shown + " is unavailable: " + e.getMessage(), e);
        }
        reader = new HistoryReader(dataSource, table, readers);
        writer = new GroupCommit(dataSource, table, historySize, historyMaxAge, availability, newest, head);
        writer.start();
        tail.start();
        LOG.info("following PostgreSQL log {} at {} after position {}", table, shown, head);
    }

    /** Queues the update for the next transaction; completes once it is committed. */
    @Override
    public CompletableFuture<Void> append(Update update) {
        Objects.requireNonNull(update, "update");
        GroupCommit current = writer;
        if (current == null || closed.get()) {
            return CompletableFuture.failedFuture(new TransportUnavailableException("the PostgreSQL log " + table
                    + (closed.get() ? " is closed" : " is not started"), null));
        }
        return current.append(update);
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
        HistoryReader current = reader;
        if (current == null) {
            return CompletableFuture.failedFuture(new TransportUnavailableException("the PostgreSQL log " + table
                    + " is not started", null));
        }
        return current.replay(lastEventId, maxBytes, listener);
    }

    /** Reads the next page of a replay on a reader thread. */
    @Override
    public CompletableFuture<Boolean> replayAfter(long afterPosition, long upToPosition, long maxBytes,
            Listener listener) {
        Objects.requireNonNull(listener, "listener");
        HistoryReader current = reader;
        if (current == null) {
            return CompletableFuture.failedFuture(new TransportUnavailableException("the PostgreSQL log " + table
                    + " is not started", null));
        }
        return current.replayAfter(afterPosition, upToPosition, maxBytes, listener);
    }

    /** The id of the newest update this node has committed or received; it may trail other nodes' briefly. */
    @Override
    public Optional<String> lastEventId() {
        return newest.id();
    }

    /** Whether appends are tried now: the node follows the log and no write failed in the last second. */
    @Override
    public boolean isAvailable() {
        return started.get() && !closed.get() && availability.writable();
    }

    /** Commits what is queued, stops following, and closes the transport's own pool; the log stays in PostgreSQL. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (writer != null) {
            writer.stop();
        }
        if (tail != null) {
            tail.close();
        }
        if (reader != null) {
            reader.close();
        }
        ownPool.ifPresent(HikariDataSource::close);
    }

    /** Drops the log's tables: for tests, and for operators who are done with a log. */
    public static void drop(DataSource dataSource, String table) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute(LogTable.named(table).drop());
        }
    }

    /** Where it is (never a password) and the table. */
    @Override
    public String toString() {
        return "PostgresTransport[" + shown + " " + table + "]";
    }

    /** Configures a {@link PostgresTransport}. Not thread-safe. */
    public static final class Builder {
        private final ConnectionUrl url;
        private final DataSource dataSource;
        private String table = DEFAULT_TABLE;
        private long historySize = DEFAULT_HISTORY_SIZE;
        private Duration historyMaxAge = Duration.ZERO;
        private int poolSize = DEFAULT_POOL_SIZE;

        private Builder(ConnectionUrl url, DataSource dataSource) {
            this.url = url;
            this.dataSource = dataSource;
        }

        /** The log's table (default {@value PostgresTransport#DEFAULT_TABLE}), optionally {@code schema.table}. */
        public Builder table(String table) {
            LogTable.named(table);
            this.table = table;
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
            if (historyMaxAge.isNegative()) {
                throw new IllegalArgumentException("the history's maximum age must not be negative: "
                        + historyMaxAge);
            }
            this.historyMaxAge = historyMaxAge;
            return this;
        }

        /** The connections of the transport's own pool (at least 3: listening, writing, reading); default 5. */
        public Builder poolSize(int poolSize) {
            if (poolSize < 3) {
                throw new IllegalArgumentException("the pool needs at least 3 connections: " + poolSize);
            }
            this.poolSize = poolSize;
            return this;
        }

        /** The transport, not yet connected: {@link PostgresTransport#start(Listener)} connects. */
        public PostgresTransport build() {
            return new PostgresTransport(this);
        }
    }
}
