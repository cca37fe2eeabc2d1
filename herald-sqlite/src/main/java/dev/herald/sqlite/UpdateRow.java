package dev.herald.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.hub.Update;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
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

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> TOPICS = new TypeReference<>() { };

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

    /** The update in the current row of a query selecting {@link #COLUMNS}. */
    static Update read(ResultSet row) throws SQLException {
        Update.Builder update = Update.builder().id(row.getString(2));
        try {
            update.topics(JSON.readValue(row.getString(3), TOPICS));
        } catch (JsonProcessingException e) {
            throw new SQLException("the topics of the update at position " + row.getLong(1) + " are not a JSON array",
                    e);
        }
        update.privateUpdate(row.getInt(4) != 0);
        String type = row.getString(5);
        if (type != null) {
            update.type(type);
        }
        long retry = row.getLong(6);
        if (!row.wasNull()) {
            update.retry(Duration.ofMillis(retry));
        }
        return update.data(row.getString(7)).build();
    }
}
