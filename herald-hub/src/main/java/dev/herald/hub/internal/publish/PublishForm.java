package dev.herald.hub.internal.publish;

import dev.herald.hub.Update;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** An update as the form of a Mercure publish request, {@code application/x-www-form-urlencoded}. */
final class PublishForm {

    private PublishForm() {
    }

    /**
     * The form: each topic as a {@code topic} field, the canonical one first, then {@code id}, {@code data},
     * {@code type} and {@code retry} (in milliseconds) when set, and {@code private=on} for a private update.
     */
    static String encode(Update update) {
        StringJoiner form = new StringJoiner("&");
        for (String topic : update.topics()) {
            add(form, "topic", topic);
        }
        // Always sent, so that every attempt of one update carries the same id.
        add(form, "id", update.id());
        add(form, "data", update.data());
        update.type().ifPresent(type -> add(form, "type", type));
        update.retry().ifPresent(retry -> add(form, "retry", Long.toString(retry.toMillis())));
        if (update.privateUpdate()) {
            add(form, "private", "on");
        }
        return form.toString();
    }

    private static void add(StringJoiner form, String name, String value) {
        form.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
