package dev.herald.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.hub.Update;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How updates are laid out in rows: topics as a {@code text[]} (sent as JSON, one array a row, since a batch travels
 * as one array a column), absent type and retry as NULL.
 */
final class UpdateRows {

    /** The columns {@link #read} expects, in order. */
    static final String COLUMNS = "position, id, topics, private, type, retry_ms, data";

    private static final ObjectMapper JSON = new ObjectMapper();

    private UpdateRows() {
    }

    /**
     * Why PostgreSQL's text cannot hold {@code update} exactly, if it cannot: it has no NUL character, and a lone
     * surrogate would be sent as '?'. Such an update is refused alone rather than fail its whole batch or change.
     */
    static Optional<String> unstorable(Update update) {
        if (!storable(update.data()) || update.type().filter(type -> !storable(type)).isPresent()
                || update.topics().stream().anyMatch(topic -> !storable(topic))) {
            return Optional.of("PostgreSQL text cannot hold this update (a NUL character or a lone surrogate)");
        }
        return Optional.empty();
    }

    private static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    /** Binds {@code batch} to {@link LogTable#append()}'s arrays, from parameter {@code first} on. */
    static void bind(Connection connection, PreparedStatement insert, int first, List<Pending> batch)
            throws SQLException {
        int size = batch.size();
        String[] ids = new String[size];
        String[] topics = new String[size];
        Boolean[] privates = new Boolean[size];
        String[] types = new String[size];
        Long[] retries = new Long[size];
        String[] data = new String[size];
        for (int i = 0; i < size; i++) {
            Update update = batch.get(i).update();
            ids[i] = update.id();
            try {
                topics[i] = JSON.writeValueAsString(update.topics());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a list of strings is always JSON", e);
            }
            privates[i] = update.privateUpdate();
            types[i] = update.type().orElse(null);
            retries[i] = update.retry().map(Duration::toMillis).orElse(null);
            data[i] = update.data();
        }
        insert.setArray(first, connection.createArrayOf("text", ids));
        insert.setArray(first + 1, connection.createArrayOf("text", topics));
        insert.setArray(first + 2, connection.createArrayOf("boolean", privates));
        insert.setArray(first + 3, connection.createArrayOf("text", types));
        insert.setArray(first + 4, connection.createArrayOf("bigint", retries));
        insert.setArray(first + 5, connection.createArrayOf("text", data));
    }

    /**
     * The update in the current row of a query selecting {@link #COLUMNS}, or an {@link IllegalArgumentException}
     * naming the row when it is not one Herald could have written (another program's row, say): nothing is guessed.
     */
    static Update read(ResultSet row) throws SQLException {
        long position = row.getLong(1);
        try {
            Array topicsArray = row.getArray(3);
            Object[] topics = topicsArray == null ? new Object[0] : (Object[]) topicsArray.getArray();
            Update.Builder update = Update.builder().id(row.getString(2)).privateUpdate(row.getBoolean(4))
                    .data(row.getString(7));
            for (Object topic : topics) {
                update.topic((String) topic);
            }
            String type = row.getString(5);
            if (type != null) {
                update.type(type);
            }
            long retry = row.getLong(6);
            if (!row.wasNull()) {
                update.retry(Duration.ofMillis(retry));
            }
            return update.build();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the row at position " + position + " is not an update Herald wrote: "
                    + e.getMessage(), e);
        }
    }
}
