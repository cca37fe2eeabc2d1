package dev.herald.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's two tables and the SQL that reads and writes them, for a table name such as {@code herald_updates}
 * (optionally {@code schema.table}):
 * <ul>
 * <li>{@code herald_updates}: one row per update, its {@code position} the primary key, an index on
 * {@code (id, position)} for Last-Event-ID;</li>
 * <li>{@code herald_updates_state}: one row, the schema's version, the {@code head} (the newest position ever given:
 * positions never go back, even once every row was trimmed) and the newest row's creation time. Its row lock is what
 * serializes appends (see {@link GroupCommit}).</li>
 * </ul>
 * Notifications go to the channel named like the table ({@code schema_table} for a qualified name).
 *
 * <p><b>Schema versions.</b> {@link #SCHEMA_VERSION} is the version this code writes. At start, under an advisory
 * lock so that nodes starting together do it once, missing tables are created at that version; a log of an older
 * version is upgraded step by step (each release that changes the layout adds its step to {@link #upgrade}, run in
 * the same transaction, so a node of the old release sees either the old layout or the new); a log of a newer version
 * is refused rather than written wrongly. A table of that name without the state table is not Herald's and is refused,
 * never altered.
 */
final class LogTable {

    /** The layout this code reads and writes. */
    static final int SCHEMA_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(LogTable.class);
    private static final Pattern NAME = Pattern.compile("([a-z_][a-z0-9_]{0,40}\\.)?[a-z_][a-z0-9_]{0,40}");

    private final String name;
    private final String updates;
    private final String state;
    private final String index;
    private final String channel;

    private LogTable(String name) {
        this.name = name;
        int dot = name.indexOf('.');
        String schema = dot < 0 ? "" : quote(name.substring(0, dot)) + ".";
        String table = name.substring(dot + 1);
        this.updates = schema + quote(table);
        this.state = schema + quote(table + "_state");
        this.index = quote(table + "_id");
        this.channel = name.replace('.', '_');
    }

    /**
     * The log named {@code name}.
     *
     * @throws IllegalArgumentException unless it is a lower-case SQL name, optionally qualified by a schema
     */
    static LogTable named(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a PostgreSQL log table is named with lower-case letters, digits and _, "
                    + "optionally after a schema and a dot (such as herald_updates or herald.updates), not '" + name
                    + "'");
        }
        return new LogTable(name);
    }

    private static String quote(String identifier) {
        return '"' + identifier + '"';
    }

    /** The name as given. */
    String name() {
        return name;
    }

    /** The channel its appends notify. */
    String channel() {
        return channel;
    }

    /** {@code LISTEN} to the channel. */
    String listen() {
        return "LISTEN " + quote(channel);
    }

    /**
     * Appends a batch in one statement (so, in autocommit, one round trip and one transaction): takes the head row's
     * lock and moves the head past {@code n} new positions ({@code ?} 1 and 3), queues the notification on the channel
     * ({@code ?} 2), sent at commit, and inserts the rows ({@code ?} 4 to 9: an array per column) at the positions
     * {@code head - n + 1 .. head}, stamped with the database's clock (never before the newest row's). Returns the new
     * head and that time.
     *
     * <p>The statement's snapshot is taken before the lock is waited for; the {@code UPDATE} then reads the head row's
     * newest committed version (READ COMMITTED re-reads a row it had to wait for), and the positions come from that.
     */
    String append() {
        return "WITH head AS (UPDATE " + state + " SET head = head + ?, newest_ms = greatest(newest_ms, "
                + "(extract(epoch from clock_timestamp()) * 1000)::bigint) RETURNING head, newest_ms, pg_notify(?, '')), "
                + "stored AS (INSERT INTO " + updates + " (position, id, topics, private, type, retry_ms, data, "
                + "created_ms) SELECT head.head - ? + u.ord, u.id, ARRAY(SELECT jsonb_array_elements_text("
                + "u.topics::jsonb)), u.private, u.type, u.retry_ms, u.data, head.newest_ms FROM head, "
                + "unnest(?::text[], ?::text[], ?::boolean[], ?::text[], ?::bigint[], ?::text[]) WITH ORDINALITY "
                + "AS u(id, topics, private, type, retry_ms, data, ord)) SELECT head, newest_ms FROM head";
    }

    /** The head and the database's clock, in milliseconds. */
    String headNow() {
        return "SELECT head, (extract(epoch from clock_timestamp()) * 1000)::bigint FROM " + state;
    }

    /** Reads the head. */
    String head() {
        return "SELECT head FROM " + state;
    }

    /**
     * Deletes a prefix: rows below the first bound that are below the second or created before the third (rows are
     * written in position order with non-decreasing creation times, so either condition holds for a prefix); returns
     * the oldest row left, if any (the statement does not see its own deletes, so it asks for the first row after them).
     */
    String trim() {
        return "WITH gone AS (DELETE FROM " + updates + " WHERE position < ? AND (position < ? OR created_ms < ?) "
                + "RETURNING position) SELECT position, created_ms FROM " + updates + " WHERE position > "
                + "(SELECT coalesce(max(position), 0) FROM gone) ORDER BY position LIMIT 1";
    }

    /** The oldest row's position and creation time. */
    String oldest() {
        return "SELECT position, created_ms FROM " + updates + " ORDER BY position LIMIT 1";
    }

    /** The newest row's position and id. */
    String newest() {
        return "SELECT position, id FROM " + updates + " ORDER BY position DESC LIMIT 1";
    }

    /** Whether an id is held after a position. */
    String heldAfter() {
        return "SELECT 1 FROM " + updates + " WHERE id = ? AND position > ? LIMIT 1";
    }

    /** The earliest position of an id up to a head. */
    String find() {
        return "SELECT min(position) FROM " + updates + " WHERE id = ? AND position <= ?";
    }

    /** Rows after a position up to another, in order ({@link UpdateRows#COLUMNS}). */
    String range() {
        return "SELECT " + UpdateRows.COLUMNS + " FROM " + updates + " WHERE position > ? AND position <= ? "
                + "ORDER BY position";
    }

    /** At most {@code ?} rows after a position, in order ({@link UpdateRows#COLUMNS}). */
    String after() {
        return "SELECT " + UpdateRows.COLUMNS + " FROM " + updates + " WHERE position > ? ORDER BY position LIMIT ?";
    }

    /** The oldest position held. */
    String oldestPosition() {
        return "SELECT min(position) FROM " + updates;
    }

    /** Drops both tables (for tests and operators). */
    String drop() {
        return "DROP TABLE IF EXISTS " + updates + ", " + state;
    }

    /**
     * Creates the tables when missing, upgrades an older layout, and refuses what is not a log of this version, under
     * an advisory lock; commits.
     *
     * @throws IllegalStateException when the tables cannot be used (another program's table, a newer layout)
     */
    void ensure(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, "herald-schema:" + name);
                lock.execute();
            }
            boolean hasUpdates = exists(connection, updates);
            boolean hasState = exists(connection, state);
            if (!hasState && hasUpdates) {
                throw new IllegalStateException("the table " + name + " exists but is not a Herald log (it has no "
                        + name + "_state); name another table");
            }
            if (!hasState) {
                statement.execute("CREATE TABLE " + state + " (singleton boolean PRIMARY KEY DEFAULT true "
                        + "CHECK (singleton), schema_version integer NOT NULL, head bigint NOT NULL, "
                        + "newest_ms bigint NOT NULL)");
                statement.execute("CREATE TABLE IF NOT EXISTS " + updates + " (position bigint PRIMARY KEY, "
                        + "id text NOT NULL, topics text[] NOT NULL, private boolean NOT NULL, type text, "
                        + "retry_ms bigint, data text NOT NULL, created_ms bigint NOT NULL)");
                statement.execute("CREATE INDEX IF NOT EXISTS " + index + " ON " + updates + " (id, position)");
                statement.execute("INSERT INTO " + state + " (schema_version, head, newest_ms) VALUES ("
                        + SCHEMA_VERSION + ", 0, 0)");
                LOG.info("created the PostgreSQL log {} (schema version {})", name, SCHEMA_VERSION);
            } else {
                int version;
                try (ResultSet row = statement.executeQuery("SELECT schema_version FROM " + state + " FOR UPDATE")) {
                    if (!row.next()) {
                        throw new IllegalStateException("the log " + name + " has lost its state row");
                    }
                    version = row.getInt(1);
                }
                if (version > SCHEMA_VERSION) {
                    throw new IllegalStateException("the log " + name + " has schema version " + version
                            + ", written by a newer Herald; this one reads version " + SCHEMA_VERSION);
                }
                upgrade(statement, version);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Brings a log of {@code version} to {@link #SCHEMA_VERSION}, one step a version; none yet, 1 is the first. */
    private void upgrade(Statement statement, int version) throws SQLException {
        for (int from = version; from < SCHEMA_VERSION; from++) {
            // Each later layout adds "case N ->" here: the statements from N to N + 1.
            throw new IllegalStateException("no upgrade from schema version " + from);
        }
        if (version < SCHEMA_VERSION) {
            statement.execute("UPDATE " + state + " SET schema_version = " + SCHEMA_VERSION);
        }
    }

    private static boolean exists(Connection connection, String quotedName) throws SQLException {
        try (PreparedStatement find = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            find.setString(1, quotedName);
            try (ResultSet row = find.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
