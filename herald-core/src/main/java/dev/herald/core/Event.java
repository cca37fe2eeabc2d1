package dev.herald.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One block of an event stream as a server writes it: any of a comment, an event type, an id, a reconnection
 * time and data. Each part is optional because its absence means something: an event without {@code id} keeps
 * the receiver's last event ID, while an empty {@code id} resets it; an event without {@code data} is not
 * dispatched at all, while empty data dispatches an event whose data is the empty string.
 *
 * <p>Encode it with {@link EventEncoder}; build it with the factories or {@link #builder()}.
 *
 * @param id the {@code id} field; must not contain CR, LF or NUL
 * @param type the {@code event} field; must not contain CR or LF
 * @param data the data, written as one {@code data} line per line (split on CRLF, LF and CR)
 * @param retry the {@code retry} field: the reconnection time the receiver should use
 * @param comment a comment, written as one comment line per line
 */
public record Event(
        Optional<String> id,
        Optional<String> type,
        Optional<String> data,
        Optional<Duration> retry,
        Optional<String> comment) {

    /** Checks each part: no nulls, no line breaks in {@code id} or {@code type}, no NUL in {@code id}. */
    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(comment, "comment");
        id.ifPresent(value -> requireSingleLine("id", value, true));
        type.ifPresent(value -> requireSingleLine("event", value, false));
        retry.ifPresent(Event::requireValidRetry);
    }

    /** An event of the default type carrying {@code data}. */
    public static Event of(String data) {
        return new Event(Optional.empty(), Optional.empty(), Optional.of(data), Optional.empty(), Optional.empty());
    }

    /** An event of type {@code type} carrying {@code data}. */
    public static Event of(String type, String data) {
        return builder().type(type).data(data).build();
    }

    /** A comment, which receivers ignore; useful as a heartbeat that keeps a connection alive. */
    public static Event comment(String text) {
        return new Event(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(text));
    }

    /** A block that only sets the receiver's reconnection time. */
    public static Event retry(Duration reconnectionTime) {
        return builder().retry(reconnectionTime).build();
    }

    /** A builder with every part absent. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's parts, to derive a changed copy. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.id = id.orElse(null);
        builder.type = type.orElse(null);
        builder.data = data.orElse(null);
        builder.retry = retry.orElse(null);
        builder.comment = comment.orElse(null);
        return builder;
    }

    private static void requireSingleLine(String field, String value, boolean rejectNul) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r') {
                throw new IllegalArgumentException(field + " must not contain a line break (CR or LF): "
                        + abbreviate(value));
            }
            if (rejectNul && c == '\0') {
                throw new IllegalArgumentException(field + " must not contain NUL: " + abbreviate(value));
            }
        }
    }

    private static void requireValidRetry(Duration retry) {
        if (retry.isNegative()) {
            throw new IllegalArgumentException("retry must not be negative: " + retry);
        }
        try {
            retry.toMillis();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("retry is too large to write in milliseconds: " + retry, e);
        }
    }

    private static String abbreviate(String value) {
        String shown = value.length() <= 40 ? value : value.substring(0, 40) + "...";
        return '"' + shown.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0") + '"';
    }

    /** Builds an {@link Event}; unset parts stay absent. Not thread-safe. */
    public static final class Builder {
        private String id;
        private String type;
        private String data;
        private Duration retry;
        private String comment;

        private Builder() {
        }

        /** Sets the {@code id} field; the empty string resets the receiver's last event ID. */
        public Builder id(String id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        /** Sets the {@code event} field (the event type). */
        public Builder type(String type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        /** Sets the data; it may hold line breaks and may be empty. */
        public Builder data(String data) {
            this.data = Objects.requireNonNull(data, "data");
            return this;
        }

        /** Sets the {@code retry} field, the receiver's reconnection time. */
        public Builder retry(Duration retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /** Sets a comment; it may hold line breaks. */
        public Builder comment(String comment) {
            this.comment = Objects.requireNonNull(comment, "comment");
            return this;
        }

        /** The event; throws {@link IllegalArgumentException} naming the field when a part is invalid. */
        public Event build() {
            return new Event(Optional.ofNullable(id), Optional.ofNullable(type), Optional.ofNullable(data),
                    Optional.ofNullable(retry), Optional.ofNullable(comment));
        }
    }
}
