package dev.herald.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.Transport.Replay;
import dev.herald.testsupport.Received;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hub restarting on a history of 1,000,000 updates is ready, and finds a Last-Event-ID, within 5 s. */
class LargeHistoryStartTest {

    private static final int UPDATES = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void openingAMillionUpdatesTakesUnderFiveSeconds() throws Exception {
        Path file = dir.resolve("history.db");
        SqliteTransport.open(file).close(); // the schema, as the transport writes it
        // Filled in one transaction with the transport's own row layout: the test is about opening, not writing.
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA synchronous = OFF");
            }
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(UpdateRow.INSERT)) {
                long now = System.currentTimeMillis();
                String data = "x".repeat(100);
                for (int i = 1; i <= UPDATES; i++) {
                    insert.setLong(1, i);
                    insert.setString(2, "urn:uuid:update-" + i);
                    insert.setString(3, "[\"https://example.com/books/" + (i % 1000) + "\"]");
                    insert.setInt(4, 0);
                    insert.setNull(5, java.sql.Types.VARCHAR);
                    insert.setNull(6, java.sql.Types.INTEGER);
                    insert.setString(7, data);
                    insert.setLong(8, now);
                    insert.addBatch();
                    if (i % 10_000 == 0) {
                        insert.executeBatch();
                    }
                }
            }
            connection.commit();
        }

        long start = System.nanoTime();
        try (SqliteTransport transport = SqliteTransport.builder(file).historySize(2 * UPDATES).build()) {
            transport.start((position, update) -> { });
            Received history = new Received();
            Replay replay = transport.replay("urn:uuid:update-" + (UPDATES - 2), history).get(5, TimeUnit.SECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.printf("opened a history of %d updates (%d MB) and replayed from near its end in %d ms%n",
                    UPDATES, Files.size(file) >> 20, millis);
            assertThat(replay).isEqualTo(new Replay(true, UPDATES));
            assertThat(history.ids()).containsExactly("urn:uuid:update-" + (UPDATES - 1),
                    "urn:uuid:update-" + UPDATES);
            assertThat(transport.lastEventId()).contains("urn:uuid:update-" + UPDATES);
            assertThat(millis).isLessThan(5_000);
        }
    }
}
