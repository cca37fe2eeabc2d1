package dev.herald.hub;

import dev.herald.hub.internal.assembly.HubInternals;
import dev.herald.hub.internal.assembly.HubServer;
import dev.herald.hub.internal.HubSettings;
import dev.herald.hub.internal.topic.HubUrl;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A Mercure-compatible hub: subscribers connect with {@code GET /.well-known/mercure}, publishers {@code POST} to
 * it, and Java code in the same process may {@link #publish(Update)} directly.
 *
 * <pre>{@code
 * try (Hub hub = Hub.builder().port(8080).jwtKey(KeySpec.hmac(secret)).build().start()) {
 *     hub.publish(Update.of("https://example.com/books/1", "{\"status\":\"sold\"}"));
 * }
 * }</pre>
 */
public final class Hub implements HubPublisher, AutoCloseable {

    static {
        HubInternals.serversFrom(hub -> hub.server);
    }

    private final HubServer server;

    Hub(HubSettings settings) {
        this.server = new HubServer(settings);
    }

    /** A builder with the defaults of {@code herald serve}. */
    public static HubBuilder builder() {
        return new HubBuilder();
    }

    /**
     * Binds the listening socket; returns this hub.
     *
     * @throws IllegalStateException when the address cannot be bound (another process holds the port, or the host
     *     is not this machine's); the hub is closed then
     */
    public Hub start() {
        try {
            server.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the hub", e);
        }
        return this;
    }

    /** The address the hub listens on, with the actual port when port 0 was asked for. */
    public InetSocketAddress address() {
        return server.address();
    }

    /** The hub's URL, {@code http://host:port/.well-known/mercure} ({@code https://} when TLS is on). */
    public String url() {
        InetSocketAddress address = address();
        return server.scheme() + "://" + HubUrl.authority(address.getAddress().getHostAddress(), address.getPort())
                + server.context().mount().path();
    }

    /**
     * Publishes an update and waits until the transport has stored it; returns its id. Throws
     * {@link TransportUnavailableException} when it could not be stored, and {@link PublishException} for an
     * update no publisher may publish (a topic under the hub's own path, {@code *}, a forbidden character, a field
     * over its limit), as the hub answers 400 or 413 to a publisher's form.
     */
    @Override
    public String publish(Update update) {
        try {
            return publishAsync(update).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new TransportUnavailableException("the update could not be stored", e.getCause());
        }
    }

    /**
     * Publishes an update; the future completes with its id once stored, or fails as {@link #publish(Update)}
     * throws.
     */
    @Override
    public CompletableFuture<String> publishAsync(Update update) {
        return server.publishChecked(update);
    }

    /** How many subscribers are connected now. */
    public int subscribers() {
        return server.subscribers();
    }

    /** Stops accepting connections, ends every stream and releases the transport. */
    @Override
    public void close() {
        server.close();
    }
}
