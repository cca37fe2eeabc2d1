package dev.herald.hub;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes updates to a Mercure hub, whether it runs in this JVM ({@link Hub}) or elsewhere
 * ({@link #remote(URI)}): application code depends on this interface and does not care which.
 *
 * <pre>{@code
 * HubPublisher hub = HubPublisher.remote(URI.create("https://hub.example.com/.well-known/mercure"))
 *         .token(() -> MercureToken.builder().publish("*").expiresIn(Duration.ofMinutes(1)).sign(key))
 *         .build();
 * String id = hub.publish(Update.of("https://example.com/books/1", "{\"status\":\"sold\"}"));
 * }</pre>
 *
 * <p>Both throw {@link TransportUnavailableException} when the hub cannot take the update now, so that a caller may
 * try again later; a remote hub's refusal of the update itself is a {@link PublishException}.
 */
public interface HubPublisher {

    /** Publishes {@code update} and waits until the hub has taken it; returns the id the hub answered. */
    String publish(Update update);

    /** Publishes {@code update}; the future completes with the id the hub answered, or fails as {@link #publish}. */
    CompletableFuture<String> publishAsync(Update update);

    /** A builder of a publisher to the hub at {@code hubUrl}, such as {@code https://host/.well-known/mercure}. */
    static RemoteHubPublisher.Builder remote(URI hubUrl) {
        return new RemoteHubPublisher.Builder(hubUrl);
    }
}
