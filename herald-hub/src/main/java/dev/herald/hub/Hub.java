package dev.herald.hub;

import dev.herald.hub.internal.assembly.HubInternals;
import dev.herald.hub.internal.assembly.HubServer;
import dev.herald.hub.internal.HubPhase;
import dev.herald.hub.internal.HubSettings;
import dev.herald.hub.internal.topic.HubUrl;
import java.net.InetSocketAddress;
import java.time.Duration;
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

    /** The hub's health, as its probes ({@code /healthz/ready}, a Spring Boot readiness group) report it. */
    public HubHealth health() {
        return server.context().health();
    }

    /**
     * Whether each of the hub's event loops runs a task within {@code limit} (it is asked to run one that does
     * nothing): a liveness check, false when a loop is stuck or the hub has stopped. Blocks for at most
     * {@code limit}.
     */
    public boolean loopsAnswer(Duration limit) {
        return server.loopsAnswer(limit);
    }

    /**
     * How long a drain reports not ready while it still serves, before it ends the streams ({@link HubBuilder#drain}).
     */
    public Duration drainDelay() {
        return server.context().settings().drainDelay();
    }

    /** Over how long a drain ends the streams ({@link HubBuilder#drain}). */
    public Duration drainTime() {
        return server.context().settings().drainTime();
    }

    /**
     * Stops at once: stops accepting connections, ends every stream (cleanly: each client reconnects, all at the same
     * moment) and releases the transport. See {@link #drainAndClose()} for a stop that spreads the reconnections.
     */
    @Override
    public void close() {
        server.close();
    }

    /**
     * Reports not ready from now on ({@link #health()}, {@code /healthz/ready}), still serving everything: the first
     * step of a drain, for an application that orders the steps with its own server's shutdown (the Spring Boot
     * starter). {@link #close(Duration)} takes every step itself.
     */
    public void beginDrain() {
        server.context().enter(HubPhase.DRAINING);
    }

    /**
     * Ends every stream cleanly, one by one in random order over {@code drainTime} (each after a {@code retry:} hint
     * that spreads its client's reconnection), refusing new subscribers with 503, while publishing goes on; blocks
     * until they have ended. For an application whose own web server stops taking requests first (the Spring Boot
     * starter calls it then): {@link #close(Duration)} is the whole drain.
     */
    public void endStreams(Duration drainTime) {
        server.endStreams(drainTime);
    }

    /**
     * Stops as {@link #close()} does, after a drain of the configured time ({@link HubBuilder#drain}): see
     * {@link #close(Duration)}. After {@link #endStreams}, only the publishes the hub accepted are left to answer.
     */
    public void drainAndClose() {
        server.close(server.context().settings().drainTime());
    }

    /**
     * Drains, then stops; blocks meanwhile. The hub first reports not ready ({@link #health()}) while it still serves
     * for the configured drain delay (skipped when it has no connection), so that load balancers stop sending it
     * subscribers; then ends its streams one by one in random order, evenly over {@code drainTime}, each after a
     * {@code retry:} hint that spreads its client's reconnection further, refusing new subscribers with 503; then
     * refuses publishes with 503, answers those it accepted, and stops. A zero {@code drainTime} stops at once.
     */
    public void close(Duration drainTime) {
        server.close(drainTime);
    }
}
