package dev.herald.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.hub.Update;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How an {@link Update} is written as the fields of a stream entry, and read back.
 *
 * <table>
 * <caption>Fields of an entry</caption>
 * <tr><th>field</th><th>value</th></tr>
 * <tr><td>{@code id}</td><td>the update id (the event id subscribers resume from)</td></tr>
 * <tr><td>{@code topics}</td><td>a JSON array of strings, canonical topic first</td></tr>
 * <tr><td>{@code private}</td><td>{@code 1} for a private update, {@code 0} otherwise</td></tr>
 * <tr><td>{@code type}</td><td>the event type; absent when none</td></tr>
 * <tr><td>{@code retry}</td><td>the reconnection time in milliseconds; absent when none</td></tr>
 * <tr><td>{@code data}</td><td>the event data</td></tr>
 * </table>
 *
 * <p>Topics are one JSON field rather than repeated fields because a stream entry read back is a map: repeated field
 * names would collapse.
 */
final class EntryFields {

    static final String ID = "id";
    static final String TOPICS = "topics";
    static final String PRIVATE = "private";
    static final String TYPE = "type";
    static final String RETRY = "retry";
    static final String DATA = "data";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private EntryFields() {
    }

    /** The update as alternating field names and values, in the order XADD takes them. */
    static List<String> encode(Update update) {
        List<String> fields = new ArrayList<>(12);
        fields.add(ID);
        fields.add(update.id());
        fields.add(TOPICS);
        try {
            fields.add(JSON.writeValueAsString(update.topics()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
        fields.add(PRIVATE);
        fields.add(update.privateUpdate() ? "1" : "0");
        update.type().ifPresent(type -> {
            fields.add(TYPE);
            fields.add(type);
        });
        update.retry().ifPresent(retry -> {
            fields.add(RETRY);
            fields.add(Long.toString(retry.toMillis()));
        });
        fields.add(DATA);
        fields.add(update.data());
        return fields;
    }

    /** The update an entry holds; throws {@link IllegalArgumentException} when it is not one this class wrote. */
    static Update decode(Map<String, String> fields) {
        String id = required(fields, ID);
        List<String> topics;
        try {
            topics = JSON.readValue(required(fields, TOPICS), STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the topics field is not a JSON array of strings", e);
        }
        Update.Builder update = Update.builder().id(id).topics(topics).data(required(fields, DATA))
                .privateUpdate("1".equals(fields.get(PRIVATE)));
        String type = fields.get(TYPE);
        if (type != null) {
            update.type(type);
        }
        String retry = fields.get(RETRY);
        if (retry != null) {
            try {
                update.retry(Duration.ofMillis(Long.parseLong(retry)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the retry field is not a number of milliseconds: " + retry, e);
            }
        }
        return update.build();
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the entry has no " + name + " field");
        }
        return value;
    }
}
