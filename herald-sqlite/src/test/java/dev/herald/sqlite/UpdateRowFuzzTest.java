package dev.herald.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.hub.Update;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes what a replay reads back from the history file: a row of {@code updates} whose every column holds, in a
 * real SQLite database, NULL, an integer, a real, text or a blob, fuzzed or as Herald wrote it (a damaged record or
 * another program can leave any of them in any column: SQLite types values, not columns). It reads as the update that
 * Herald would have written as exactly those values, or fails with a {@link SQLException} naming the row; never
 * another exception, and never an update that dropped or guessed part of the row (such as a damaged private flag
 * read as public, or a retry that is not a number read as 0).
 */
class UpdateRowFuzzTest {

    private static final ObjectMapper STRICT_JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Connection DATABASE = database();
    /** The columns after position as Herald writes them for one update: id, topics, private, type, retry_ms, data. */
    private static final Object[] WRITTEN = {"id-1", "[\"https://example.com/a\",\"b\"]", 1L, "t", 1500L, "x\ny"};

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"[\"", "\"]", "\",\"", "null", "[]"})
    void storedRowsDecodeWholeOrFail(FuzzedDataProvider input) throws SQLException {
        Object[] stored = new Object[WRITTEN.length];
        for (int i = 0; i < stored.length; i++) {
            stored[i] = switch (input.consumeInt(0, 6)) {
                case 0 -> null;
                case 1 -> input.consumeLong();
                case 2 -> input.consumeDouble();
                case 3 -> input.consumeString(64);
                case 4 -> input.consumeBytes(16);
                default -> WRITTEN[i];
            };
        }
        try (Statement clear = DATABASE.createStatement()) {
            clear.execute("DELETE FROM updates");
        }
        try (PreparedStatement insert = DATABASE.prepareStatement("INSERT INTO updates VALUES (7, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < stored.length; i++) {
                insert.setObject(i + 1, stored[i]);
            }
            insert.executeUpdate();
        }
        List<Object> readBack = new ArrayList<>();
        Update update;
        try (Statement select = DATABASE.createStatement();
                ResultSet row = select.executeQuery("SELECT " + UpdateRow.COLUMNS + " FROM updates")) {
            assertThat(row.next()).isTrue();
            for (int i = 0; i < stored.length; i++) {
                readBack.add(row.getObject(i + 2));
            }
            try {
                update = UpdateRow.read(row);
            } catch (SQLException refused) {
                assertThat(refused.getMessage()).contains("position 7");
                return;
            }
        }
        assertThat(readBack.get(0)).as("id").isEqualTo(update.id());
        assertThat(json(readBack.get(1))).as("topics").isEqualTo(json(STRICT_JSON.valueToTree(update.topics())
                .toString()));
        assertThat(readBack.get(2)).as("private").isIn(update.privateUpdate() ? List.of(1, 1L) : List.of(0, 0L));
        assertThat(readBack.get(3)).as("type").isEqualTo(update.type().orElse(null));
        Object retry = readBack.get(4);
        if (update.retry().isPresent()) {
            assertThat(retry).as("retry_ms").isInstanceOfAny(Integer.class, Long.class);
            assertThat(((Number) retry).longValue()).as("retry_ms").isEqualTo(update.retry().get().toMillis());
        } else {
            assertThat(retry).as("retry_ms").isNull();
        }
        assertThat(readBack.get(5)).as("data").isEqualTo(update.data());
    }

    private static Object json(Object value) {
        if (!(value instanceof String text)) {
            return value;
        }
        try {
            return STRICT_JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return "not JSON: " + text;
        }
    }

    /** An in-memory database whose table, like a damaged file's, holds any value in any column. */
    private static Connection database() {
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE TABLE updates (position INTEGER PRIMARY KEY, id, topics, private, type,"
                        + " retry_ms, data)");
            }
            return connection;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
