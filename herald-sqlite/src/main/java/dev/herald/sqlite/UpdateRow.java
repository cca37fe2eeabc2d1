package dev.herald.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.hub.Update;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How an update is laid out in a row of {@code updates}. Topics are a JSON array so that an operator can read them
 * with the {@code sqlite3} tool (and its JSON functions); absent type and retry are NULL.
 */
final class UpdateRow {

    /** The columns {@link #read} expects, in order. */
    static final String COLUMNS = "position, id, topics, private, type, retry_ms, data";
    /** The insert {@link #bind} fills. */
    static final String INSERT = "INSERT INTO updates (position, id, topics, private, type, retry_ms, data, created_ms)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    /** Reads topics back: anything after the array is damage, not something to ignore. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private UpdateRow() {
    }

    /** Fills {@link #INSERT} with {@code update} at {@code position}, written at {@code createdMillis}. */
    static void bind(PreparedStatement insert, long position, Update update, long createdMillis) throws SQLException {
        insert.setLong(1, position);
        insert.setString(2, update.id());
        try {
            insert.setString(3, JSON.writeValueAsString(update.topics()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
        insert.setInt(4, update.privateUpdate() ? 1 : 0);
        if (update.type().isPresent()) {
            insert.setString(5, update.type().get());
        } else {
            insert.setNull(5, Types.VARCHAR);
        }
        if (update.retry().isPresent()) {
            insert.setLong(6, update.retry().get().toMillis());
        } else {
            insert.setNull(6, Types.INTEGER);
        }
        insert.setString(7, update.data());
        insert.setLong(8, createdMillis);
    }

    /**
     * The update in the current row of a query selecting {@link #COLUMNS}: exactly what {@link #bind} wrote, or a
     * {@link SQLException} naming the row. A damaged record or another program can leave any value of any type in any
     * column (SQLite types values, not columns), and nothing is guessed from it: a private flag that is not 0 or 1
     * does not make the update public, nor text in {@code retry_ms} a retry of 0.
     */
    static Update read(ResultSet row) throws SQLException {
        long position = row.getLong(1);
        try {
            Update.Builder update = Update.builder()
                    .id(text(row.getObject(2), "id"))
                    .topics(topics(text(row.getObject(3), "topics")))
                    .privateUpdate(flag(row.getObject(4)))
                    .data(text(row.getObject(7), "data"));
            Object type = row.getObject(5);
            if (type != null) {
                update.type(text(type, "type"));
            }
            Object retry = row.getObject(6);
            if (retry != null) {
                if (!(retry instanceof Integer || retry instanceof Long)) {
                    throw new IllegalArgumentException("retry_ms is not an integer: " + retry);
                }
                update.retry(Duration.ofMillis(((Number) retry).longValue()));
            }
            return update.build();
        } catch (IllegalArgumentException e) {
            throw new SQLException("the update at position " + position + " is not one Herald wrote: "
                    + e.getMessage(), e);
        }
    }

    private static String text(Object value, String column) {
        if (value instanceof String text) {
            return text;
        }
        throw new IllegalArgumentException(column + " is not text: " + (value == null ? "NULL" : value.getClass()
                .getSimpleName()));
    }

    private static boolean flag(Object value) {
        if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >> 1 == 0) {
            return ((Number) value).longValue() == 1;
        }
        throw new IllegalArgumentException("private is not 0 or 1: " + value);
    }

    /** The topics column: a JSON array of strings and nothing else. */
    private static List<String> topics(String json) {
        JsonNode array;
        try {
            array = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("topics is not JSON", e);
        }
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("topics is not a JSON array");
        }
        List<String> topics = new ArrayList<>(array.size());
        for (JsonNode topic : array) {
            if (!topic.isTextual()) {
                throw new IllegalArgumentException("topics holds " + topic.getNodeType() + ", not a string");
            }
            topics.add(topic.textValue());
        }
        return topics;
    }
}
