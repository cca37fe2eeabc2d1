package dev.herald.hub;

import dev.herald.core.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An update published to the hub: an event for one or more topics, sent to every subscriber of a matching topic.
 * The event is herald-core's {@link Event}, so its fields are checked once, by the codec's own rules, when the update
 * is built: nothing stored in history can fail to encode.
 *
 * @param topics the topics; the first is the canonical one, the others alternates
 * @param event what subscribers receive: always with an id (subscribers resume from it with Last-Event-ID) and data
 *     (empty unless given), never a comment
 * @param privateUpdate whether only subscribers authorised for one of the topics may receive it
 */
public record Update(List<String> topics, Event event, boolean privateUpdate) {

    /**
     * Checks the parts: at least one topic, an event with an id and without a comment; an event without data gets
     * empty data, so that every update is dispatched by the subscriber's {@code EventSource}.
     *
     * @throws IllegalArgumentException naming the part that is invalid
     */
    public Update {
        topics = List.copyOf(topics);
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("an update needs at least one topic");
        }
        Objects.requireNonNull(event, "event");
        if (event.id().isEmpty()) {
            throw new IllegalArgumentException("an update needs an id");
        }
        if (event.comment().isPresent()) {
            throw new IllegalArgumentException("an update carries no comment");
        }
        if (event.data().isEmpty()) {
            event = new Event(event.id(), event.type(), Optional.of(""), event.retry(), Optional.empty());
        }
    }

    /** The update's id, the event's id. */
    public String id() {
        return event.id().orElseThrow();
    }

    /** The event data. */
    public String data() {
        return event.data().orElseThrow();
    }

    /** The event type, if any. */
    public Optional<String> type() {
        return event.type();
    }

    /** The reconnection time sent with the event, if any. */
    public Optional<Duration> retry() {
        return event.retry();
    }

    /** A public update of {@code data} to {@code topic} with a new id. */
    public static Update of(String topic, String data) {
        return builder().topic(topic).data(data).build();
    }

    /** A builder; an update built without an id gets a new {@code urn:uuid:} id. */
    public static Builder builder() {
        return new Builder();
    }

    /** A new random update id, as the hub assigns when the publisher gives none. */
    public static String newId() {
        return "urn:uuid:" + UUID.randomUUID();
    }

    /** Builds an {@link Update}. Not thread-safe. */
    public static final class Builder {
        private String id;
        private final List<String> topics = new ArrayList<>();
        private String data = "";
        private String type;
        private Duration retry;
        private boolean privateUpdate;

        private Builder() {
        }

        /** Sets the id; without one, {@link #build()} assigns a new {@code urn:uuid:} id. */
        public Builder id(String id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        /** Adds a topic. */
        public Builder topic(String topic) {
            topics.add(Objects.requireNonNull(topic, "topic"));
            return this;
        }

        /** Adds topics. */
        public Builder topics(List<String> topics) {
            topics.forEach(this::topic);
            return this;
        }

        /** Sets the data (empty by default). */
        public Builder data(String data) {
            this.data = Objects.requireNonNull(data, "data");
            return this;
        }

        /** Sets the event type. */
        public Builder type(String type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        /** Sets the reconnection time sent with the event. */
        public Builder retry(Duration retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /** Makes the update private: only authorised subscribers receive it. */
        public Builder privateUpdate(boolean privateUpdate) {
            this.privateUpdate = privateUpdate;
            return this;
        }

        /** The update. */
        public Update build() {
            return new Update(topics, new Event(Optional.of(id == null ? newId() : id), Optional.ofNullable(type),
                    Optional.of(data), Optional.ofNullable(retry), Optional.empty()), privateUpdate);
        }
    }
}
