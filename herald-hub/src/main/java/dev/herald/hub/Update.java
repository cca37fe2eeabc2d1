package dev.herald.hub;

import dev.herald.core.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An update published to the hub: data for one or more topics, sent to every subscriber of a matching topic.
 *
 * @param id the update's id, sent as the event id; subscribers resume from it with Last-Event-ID
 * @param topics the topics; the first is the canonical one, the others alternates
 * @param data the event data
 * @param type the event type, if any
 * @param retry the reconnection time to send with the event, if any
 * @param privateUpdate whether only subscribers authorised for one of the topics may receive it
 */
public record Update(
        String id, List<String> topics, String data, Optional<String> type, Optional<Duration> retry,
        boolean privateUpdate) {

    /**
     * Checks the parts: at least one topic, no nulls, and an id, type and retry that {@link Event} accepts (no line
     * break in the id or type, no NUL in the id, a retry that is not negative), so that stored history always encodes.
     *
     * @throws IllegalArgumentException naming the part that is invalid
     */
    public Update {
        Objects.requireNonNull(id, "id");
        topics = List.copyOf(topics);
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("an update needs at least one topic");
        }
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(retry, "retry");
        // The event the update becomes is validated by its own rules, stated once in herald-core.
        new Event(Optional.of(id), type, Optional.empty(), retry, Optional.empty());
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
            return new Update(id == null ? newId() : id, topics, data, Optional.ofNullable(type),
                    Optional.ofNullable(retry), privateUpdate);
        }
    }
}
