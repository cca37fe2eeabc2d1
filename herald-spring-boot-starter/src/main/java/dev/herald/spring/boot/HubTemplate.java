package dev.herald.spring.boot;

import dev.herald.hub.HubPublisher;
import dev.herald.hub.Update;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes the application's objects: each is written as the update's data by the {@link HubPayloadWriter} (the
 * application's JSON mapper), a {@code String} as it is. Each method returns the update's id once the hub has stored
 * it, and throws as {@link HubPublisher#publish} does.
 *
 * <pre>{@code
 * hub.publish("https://example.com/books/1", book);                        // to every subscriber of the topic
 * hub.publishPrivate("https://example.com/users/alice", order);            // to those allowed the topic
 * hub.publish(Update.builder().topic(topic).type("price").privateUpdate(true), price);  // any other field
 * }</pre>
 *
 * To publish once a transaction has committed (and never for one rolled back), publish from a
 * {@code @TransactionalEventListener}.
 */
public class HubTemplate {

    private final HubPublisher publisher;
    private final HubPayloadWriter writer;

    /** Publishes with {@code publisher}, writing payloads with {@code writer}. */
    public HubTemplate(HubPublisher publisher, HubPayloadWriter writer) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    /** Publishes {@code payload} to {@code topic} for every subscriber of it; returns the update's id. */
    public String publish(String topic, Object payload) {
        return publish(Update.builder().topic(topic), payload);
    }

    /** Publishes {@code payload} to {@code topic} for the subscribers allowed it; returns the update's id. */
    public String publishPrivate(String topic, Object payload) {
        return publish(Update.builder().topic(topic).privateUpdate(true), payload);
    }

    /** Publishes the update {@code update} describes (topics, type, id...) with {@code payload} as its data. */
    public String publish(Update.Builder update, Object payload) {
        return publisher.publish(update.data(data(payload)).build());
    }

    /** As {@link #publish(Update.Builder, Object)}, without waiting: the future completes with the id once stored. */
    public CompletableFuture<String> publishAsync(Update.Builder update, Object payload) {
        return publisher.publishAsync(update.data(data(payload)).build());
    }

    /** The update's data: a {@code String} as it is, anything else as the writer writes it. */
    public String data(Object payload) {
        return payload instanceof String text ? text : writer.write(Objects.requireNonNull(payload, "payload"));
    }
}
