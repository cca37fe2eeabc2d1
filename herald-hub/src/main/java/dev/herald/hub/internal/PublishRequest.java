package dev.herald.hub.internal;

import dev.herald.hub.MercureProtocol;
import dev.herald.hub.Update;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Reads a publication: the form fields of a Mercure POST, validated, as an {@link Update}. */
final class PublishRequest {

    static final String RESERVED_PATH = "/.well-known/mercure";
    private static final int MAX_TOPICS = 1000;

    private PublishRequest() {
    }

    static Update parse(Map<String, List<String>> form, MercureProtocol protocol) throws BadRequest {
        List<String> topics = form.getOrDefault("topic", List.of());
        if (topics.isEmpty()) {
            throw new BadRequest("missing \"topic\" parameter");
        }
        if (topics.size() > MAX_TOPICS) {
            throw new BadRequest("too many topics: at most " + MAX_TOPICS);
        }
        Update.Builder update = Update.builder();
        for (String topic : topics) {
            if (topic.isEmpty()) {
                throw new BadRequest("a topic must not be empty");
            }
            if (topic.equals("*")) {
                throw new BadRequest("\"*\" matches every topic and cannot be published to");
            }
            if (isReserved(topic)) {
                throw new BadRequest(403, "topics under " + RESERVED_PATH + " are reserved to the hub");
            }
            update.topic(topic);
        }
        String id = single(form, "id");
        if (id != null) {
            if (id.startsWith("#") || id.equals("earliest") || hasControlCharacter(id)) {
                throw new BadRequest("invalid \"id\": it must not start with '#', be \"earliest\""
                        + " or contain control characters");
            }
            update.id(id);
        }
        String type = single(form, "type");
        if (type != null && !type.isEmpty()) {
            if (hasControlCharacter(type)) {
                throw new BadRequest("invalid \"type\": it must not contain control characters");
            }
            if (protocol == MercureProtocol.V1 && type.equals("mercure")) {
                throw new BadRequest("the event type \"mercure\" is reserved to the hub");
            }
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
        return update.build();
    }

    /** Whether a topic's path is the hub's reserved namespace, whatever its scheme and host. */
    static boolean isReserved(String topic) {
        String path = topic;
        int scheme = topic.indexOf("://");
        if (scheme > 0) {
            int slash = topic.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : topic.substring(slash);
        }
        int end = path.length();
        for (char stop : new char[] {'?', '#'}) {
            int at = path.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        path = path.substring(0, end);
        return path.equals(RESERVED_PATH) || path.startsWith(RESERVED_PATH + "/");
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

    private static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7F || c >= 0x80 && c <= 0x9F) {
                return true;
            }
        }
        return false;
    }
}
