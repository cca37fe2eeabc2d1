package dev.herald.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
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

    /** Reads topics back: anything after the array is damage, not something to ignore. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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

    /**
     * The update an entry holds: exactly what {@link #encode} wrote, or an {@link IllegalArgumentException} saying
     * what is wrong. Nothing is guessed from a damaged entry: a private flag that is not {@code 0} or {@code 1} does
     * not make the update public, nor does a retry other than a plain decimal count of milliseconds go unnoticed.
     * Fields of other names are ignored.
     */
    static Update decode(Map<String, String> fields) {
        Update.Builder update = Update.builder().id(required(fields, ID)).topics(topics(required(fields, TOPICS)));
        String flag = required(fields, PRIVATE);
        if (!flag.equals("0") && !flag.equals("1")) {
            throw new IllegalArgumentException("the private field is not 0 or 1: " + flag);
        }
        update.privateUpdate(flag.equals("1")).data(required(fields, DATA));
        String type = fields.get(TYPE);
        if (type != null) {
            update.type(type);
        }
        String retry = fields.get(RETRY);
        if (retry != null) {
            update.retry(Duration.ofMillis(milliseconds(retry)));
        }
        try {
            return update.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the entry is not an update: " + e.getMessage(), e);
        }
    }

    /** The topics field: a JSON array of strings and nothing else. */
    private static List<String> topics(String json) {
        JsonNode array;
        try {
            array = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the topics field is not JSON", e);
        }
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("the topics field is not a JSON array");
        }
        List<String> topics = new ArrayList<>(array.size());
        for (JsonNode topic : array) {
            if (!topic.isTextual()) {
                throw new IllegalArgumentException("the topics field holds " + topic.getNodeType() + ", not a string");
            }
            topics.add(topic.textValue());
        }
        return topics;
    }

    /** The retry field as {@link #encode} writes it: the decimal digits of a long, without a sign or leading zero. */
    private static long milliseconds(String retry) {
        try {
            long millis = Long.parseLong(retry);
            if (millis >= 0 && Long.toString(millis).equals(retry)) {
                return millis;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("the retry field is not a number of milliseconds: " + retry);
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the entry has no " + name + " field");
        }
        return value;
    }
}
