package dev.herald.postgres;

import dev.herald.testsupport.MissingComponent;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL the tests share: {@code POSTGRES_URL} (default {@code postgresql://postgres@127.0.0.1:5432/test}).
 * Without it the tests are skipped, except under {@code CI=true}, where a missing PostgreSQL is a failure. Each test
 * uses a table of its own and drops it.
 */
final class TestPostgres {

    static final String URL = System.getenv().getOrDefault("POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test");
    private static Boolean answers;

    private TestPostgres() {
    }

    /** Skips the calling test (fails it under CI) unless PostgreSQL answers. */
    static synchronized void assumeAvailable() {
        if (answers == null) {
            try (Connection connection = connect(URL)) {
                answers = connection.isValid(2);
            } catch (SQLException e) {
                answers = false;
            }
        }
        if (!answers) {
            MissingComponent.skipOrFail("no PostgreSQL answers at " + URL + " (set POSTGRES_URL to point the tests "
                    + "at one; .ci/run starts the machine's)");
        }
    }

    /** A table name no other test uses. */
    static String uniqueTable() {
        return "herald_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    }

    /** A plain connection to PostgreSQL at {@code url}. */
    static Connection connect(String url) throws SQLException {
        ConnectionUrl parsed = ConnectionUrl.parse(url);
        java.util.Properties properties = new java.util.Properties();
        parsed.user().ifPresent(user -> properties.setProperty("user", user));
        parsed.password().ifPresent(password -> properties.setProperty("password", password));
        properties.setProperty("connectTimeout", "2");
        return DriverManager.getConnection(parsed.jdbcUrl(), properties);
    }

    /** Runs {@code sql} on PostgreSQL at {@code url}. */
    static void execute(String url, String sql) throws SQLException {
        try (Connection connection = connect(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Drops the log {@code table} at {@code url}. */
    static void drop(String url, String table) throws SQLException {
        execute(url, LogTable.named(table).drop());
    }
}
