package dev.herald.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The SQLite file that holds the history: checks at open that it is ours (or new), creates the schema in a new one,
 * and holds a lock on {@code PATH.lock} while open so that two hubs never write one history (each would number
 * updates on its own). Opens the connections the writer and the readers use.
 *
 * <p>The file is identified by {@code PRAGMA application_id} ({@value #APPLICATION_ID_HEX}, "HRLD") and its schema by
 * {@code PRAGMA user_version} ({@value #SCHEMA_VERSION}); a file with other values is refused rather than altered.
 */
final class HistoryFile implements AutoCloseable {

    /** "HRLD" in ASCII: what {@code PRAGMA application_id} reads in a Herald history file. */
    static final int APPLICATION_ID = 0x48524C44;
    static final String APPLICATION_ID_HEX = "0x48524C44";
    /** The schema this build writes and reads. */
    static final int SCHEMA_VERSION = 1;

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    // AUTOINCREMENT: a position is never given twice, even after every update was trimmed and the hub restarted,
    // so positions keep increasing across restarts. The created time is only for retention by age.
    private static final String[] SCHEMA = {
        "CREATE TABLE updates (position INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, topics TEXT NOT NULL,"
                + " private INTEGER NOT NULL, type TEXT, retry_ms INTEGER, data TEXT NOT NULL,"
                + " created_ms INTEGER NOT NULL)",
        // Last-Event-ID lookups: the earliest position of an id is the first index entry for it.
        "CREATE INDEX updates_by_id ON updates (id)",
        "PRAGMA application_id = " + APPLICATION_ID,
        "PRAGMA user_version = " + SCHEMA_VERSION,
    };

    private final Path path;
    private final String url;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private HistoryFile(Path path, FileChannel lockChannel, FileLock lock) {
        this.path = path;
        this.url = "jdbc:sqlite:" + path;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Opens (or creates) the history at {@code path}, refusing a file that is not a Herald history. */
    static HistoryFile open(Path path) {
        Path file = resolved(path);
        refuseForeignHeader(file);
        FileChannel channel;
        FileLock lock;
        try {
            channel = FileChannel.open(Path.of(file + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new HistoryFileException("cannot open " + file + ".lock next to the history file: " + e, e);
        }
        try {
            lock = channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new HistoryFileException("the history file " + file + " is in use by another hub (" + file
                    + ".lock is locked)");
        }
        HistoryFile history = new HistoryFile(file, channel, lock);
        try {
            history.checkOrCreateSchema();
            return history;
        } catch (RuntimeException e) {
            history.close();
            throw e;
        }
    }

    /**
     * The file {@code path} leads to, symbolic links followed (as SQLite follows them), so that a hub opening the same
     * history through a link finds the same lock; a file not yet created keeps the path given.
     */
    private static Path resolved(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath();
        }
    }

    /** The file's path. */
    Path path() {
        return path;
    }

    /** A new connection in WAL mode with {@code sync}; at most {@code maxPages} pages when positive. */
    Connection connect(Sync sync, long maxPages) throws SQLException {
        Connection connection = DriverManager.getConnection(url);
        try (Statement statement = connection.createStatement()) {
            // A reader and the writer never wait on each other in WAL mode; the timeout covers a checkpoint.
            statement.execute("PRAGMA busy_timeout = 5000");
            statement.execute("PRAGMA synchronous = " + sync.name());
            // After a checkpoint the WAL is cut back, so a burst does not leave a large file behind.
            statement.execute("PRAGMA journal_size_limit = 67108864");
            if (maxPages > 0) {
                statement.execute("PRAGMA max_page_count = " + maxPages);
            }
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        connection.setAutoCommit(false);
        return connection;
    }

    /** The page size, to turn a limit in bytes into pages. */
    long pageSize() {
        return query("SELECT page_size FROM pragma_page_size", 4096);
    }

    /** Reads what the file holds; quick whatever its size, as every query here walks an index from one end. */
    Extent extent() {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            long newest = 0;
            long newestCreated = 0;
            Optional<String> lastId = Optional.empty();
            try (ResultSet row = statement.executeQuery(
                    "SELECT position, id, created_ms FROM updates ORDER BY position DESC LIMIT 1")) {
                if (row.next()) {
                    newest = row.getLong(1);
                    lastId = Optional.of(row.getString(2));
                    newestCreated = row.getLong(3);
                }
            }
            try (ResultSet row = statement.executeQuery("SELECT seq FROM sqlite_sequence WHERE name = 'updates'")) {
                if (row.next()) {
                    newest = Math.max(newest, row.getLong(1));
                }
            }
            long oldest = newest + 1;
            long oldestCreated = Long.MAX_VALUE;
            try (ResultSet row = statement.executeQuery(
                    "SELECT position, created_ms FROM updates ORDER BY position LIMIT 1")) {
                if (row.next()) {
                    oldest = row.getLong(1);
                    oldestCreated = row.getLong(2);
                }
            }
            return new Extent(oldest, newest, lastId, oldestCreated, newestCreated);
        } catch (SQLException e) {
            throw new HistoryFileException("cannot read the history file " + path + ", it may be corrupt: "
                    + e.getMessage(), e);
        }
    }

    /** Releases the lock; connections are closed by their owners. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // the channel's close releases it as well
        }
        closeQuietly(lockChannel);
    }

    /** A file that does not begin with SQLite's header is refused before SQLite is given a chance to touch it. */
    private static void refuseForeignHeader(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] header = in.readNBytes(SQLITE_HEADER.length);
            if (header.length > 0 && !Arrays.equals(header, SQLITE_HEADER)) {
                throw new HistoryFileException("refusing " + file + ": it is not a SQLite database (its first bytes"
                        + " are not \"SQLite format 3\"); give --transport sqlite: a new path or a Herald history file");
            }
        } catch (IOException e) {
            throw new HistoryFileException("cannot read the history file " + file + ": " + e, e);
        }
    }

    private void checkOrCreateSchema() {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 5000");
            long applicationId = longValue(statement, "PRAGMA application_id");
            long version = longValue(statement, "PRAGMA user_version");
            List<String> objects = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT type || ' ' || name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")) {
                while (rows.next()) {
                    objects.add(rows.getString(1));
                }
            }
            if (applicationId == APPLICATION_ID) {
                if (version != SCHEMA_VERSION) {
                    throw new HistoryFileException("refusing " + path + ": it is a Herald history of schema version "
                            + version + ", and this build reads version " + SCHEMA_VERSION);
                }
                if (!objects.contains("table updates")) {
                    throw new HistoryFileException("refusing " + path + ": it says it is a Herald history but has"
                            + " no updates table; it may be corrupt");
                }
            } else if (applicationId != 0) {
                throw new HistoryFileException("refusing " + path + ": it is a SQLite database of another"
                        + " application (application_id 0x" + Long.toHexString(applicationId) + ", Herald's is "
                        + APPLICATION_ID_HEX + ")");
            } else if (!objects.isEmpty() || version != 0) {
                throw new HistoryFileException("refusing " + path + ": it is a SQLite database but not a Herald"
                        + " history (no application_id; it holds " + objects + ")");
            } else {
                create(statement);
            }
            String mode = stringValue(statement, "PRAGMA journal_mode = WAL");
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new HistoryFileException("cannot put " + path + " in WAL mode (journal_mode is " + mode
                        + "); is it on a network file system?");
            }
        } catch (SQLException e) {
            throw new HistoryFileException("refusing " + path + ": SQLite cannot read it (" + e.getMessage()
                    + "); it is corrupt, not a database, or not readable", e);
        }
    }

    private static void create(Statement statement) throws SQLException {
        statement.execute("BEGIN IMMEDIATE");
        try {
            for (String sql : SCHEMA) {
                statement.execute(sql);
            }
            statement.execute("COMMIT");
        } catch (SQLException e) {
            statement.execute("ROLLBACK");
            throw e;
        }
    }

    private long query(String sql, long otherwise) {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            return longValue(statement, sql);
        } catch (SQLException e) {
            return otherwise;
        }
    }

    private static long longValue(Statement statement, String sql) throws SQLException {
        try (ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    private static String stringValue(Statement statement, String sql) throws SQLException {
        try (ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getString(1) : "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to release
        }
    }
}
