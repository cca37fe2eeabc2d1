package dev.herald.hub.internal.mercure;

import dev.herald.hub.MemoryTransport;
import dev.herald.hub.Update;
import dev.herald.hub.internal.topic.ReservedNamespace;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reads a publication: the form fields of a Mercure POST, validated, as an {@link Update}; and the rules every
 * update a publisher gives must keep, whether posted or given to {@code Hub.publish}.
 */
public final class PublishRequest {

    /** The most topics (canonical and alternates) one update may have; more is answered 413. */
    public static final int MAX_TOPICS = 1000;
    /** The longest topic, id or type accepted; longer is answered 413. */
    static final int MAX_FIELD_LENGTH = 4096;
    /** The SSE event type of subscription events: publishers may not forge it. */
    static final String RESERVED_TYPE = "mercure";

    private PublishRequest() {
    }

    /**
     * Validates the form of a publication and builds its update.
     *
     * @param reserved the hub's own topics, which publishers may not use
     * @throws BadRequest 400 for a field Mercure forbids, 413 for one over a limit
     */
    public static Update parse(Map<String, List<String>> form, ReservedNamespace reserved) throws BadRequest {
        List<String> topics = form.getOrDefault("topic", List.of());
        if (topics.isEmpty()) {
            throw new BadRequest("missing \"topic\" parameter");
        }
        if (topics.size() > MAX_TOPICS) {
            throw new BadRequest(413, "too many topics: at most " + MAX_TOPICS);
        }
        Update.Builder update = Update.builder().topics(topics);
        String id = single(form, "id");
        if (id != null) {
            update.id(id);
        }
        String type = single(form, "type");
        if (type != null) {
            // An empty type is kept, not dropped: the form a publisher (HubPublisher.remote) writes for an update
            // must read back as that update. Receivers dispatch it as "message", as with no type.
            update.type(type);
        }
        String retry = single(form, "retry");
        if (retry != null && !retry.isEmpty()) {
            update.retry(Duration.ofMillis(parseRetry(retry)));
        }
        String data = single(form, "data");
        if (data != null) {
            update.data(data);
        }
        // Mercure makes an update private when the field is present at all, whatever its value.
        update.privateUpdate(form.containsKey("private"));
        Update built;
        try {
            built = update.build();
        } catch (IllegalArgumentException e) {
            // A field the event-stream format cannot carry (a line break in the id or type, say).
            throw new BadRequest("invalid update: " + e.getMessage());
        }
        check(built, reserved);
        return built;
    }

    /**
     * Checks what a publisher may not do, whichever way the update came: empty, forbidden, reserved or overlong
     * topics, {@code *}, forbidden or reserved ids and types.
     *
     * @param reserved the hub's own topics
     * @throws BadRequest 400 for a field Mercure forbids, 413 for one over a limit
     */
    public static void check(Update update, ReservedNamespace reserved) throws BadRequest {
        if (update.topics().size() > MAX_TOPICS) {
            throw new BadRequest(413, "too many topics: at most " + MAX_TOPICS);
        }
        for (String topic : update.topics()) {
            if (topic.isEmpty()) {
                throw new BadRequest("a topic must not be empty");
            }
            requireShort("topic", topic);
            if (ForbiddenCharacters.in(topic)) {
                throw new BadRequest("invalid topic: control and invisible format characters are not allowed");
            }
            if (topic.equals("*")) {
                throw new BadRequest("\"*\" matches every topic and cannot be published to");
            }
            if (reserved.reserves(topic)) {
                throw new BadRequest("topics under " + reserved.describe() + " are reserved to the hub");
            }
        }
        String id = update.id();
        requireShort("id", id);
        if (id.startsWith("#") || id.equals(MemoryTransport.EARLIEST) || ForbiddenCharacters.in(id)) {
            throw new BadRequest("invalid \"id\": it must not start with '#', be \"" + MemoryTransport.EARLIEST
                    + "\" or contain control or invisible format characters");
        }
        if (update.type().isPresent()) {
            String type = update.type().get();
            requireShort("type", type);
            if (ForbiddenCharacters.in(type)) {
                throw new BadRequest("invalid \"type\": it must not contain control or invisible format characters");
            }
            if (type.equals(RESERVED_TYPE)) {
                throw new BadRequest("the event type \"" + RESERVED_TYPE + "\" is reserved to the hub's own events");
            }
        }
    }

    private static void requireShort(String field, String value) throws BadRequest {
        if (value.length() > MAX_FIELD_LENGTH) {
            throw new BadRequest(413, "\"" + field + "\" is longer than " + MAX_FIELD_LENGTH + " characters");
        }
    }

    private static long parseRetry(String retry) throws BadRequest {
        long millis = 0;
        for (int i = 0; i < retry.length(); i++) {
            char c = retry.charAt(i);
            if (c < '0' || c > '9' || millis > (Long.MAX_VALUE - 9) / 10) {
                throw new BadRequest("invalid \"retry\": it must be a number of milliseconds");
            }
            millis = millis * 10 + (c - '0');
        }
        return millis;
    }

    private static String single(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
