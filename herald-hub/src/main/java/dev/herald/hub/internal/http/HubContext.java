package dev.herald.hub.internal.http;

import dev.herald.hub.internal.HubMetrics;
import dev.herald.hub.internal.HubSettings;
import dev.herald.hub.internal.auth.Authorizer;
import dev.herald.hub.internal.dispatch.LoopDispatcher;
import dev.herald.hub.internal.dispatch.StreamRegistry;
import dev.herald.hub.internal.mercure.BadRequest;
import dev.herald.hub.internal.mercure.Publisher;
import dev.herald.hub.internal.mercure.SubscriptionEvents;
import dev.herald.hub.internal.topic.HubUrl;
import dev.herald.hub.internal.topic.SelectorCompiler;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the HTTP front-end may use of the hub, and nothing of its assembly (loops, socket, shutdown): given to the
 * pipeline initializer and, through it, to every endpoint.
 */
public final class HubContext {

    private final HubSettings settings;
    private final HubMetrics metrics;
    private final Authorizer authorizer;
    private final SelectorCompiler selectors;
    private final Publisher publisher;
    private final StreamRegistry streams;
    private final SubscriptionEvents subscriptionEvents;
    private final Map<EventLoop, LoopDispatcher> dispatchers;
    private final Supplier<InetSocketAddress> address;
    private final Instant startedAt = Instant.now();
    private final ResponseHeaders responseHeaders;

    /**
     * @param settings the hub's configuration
     * @param metrics its meters (connections, publishes, the scrape)
     * @param authorizer validates tokens into compiled grants
     * @param selectors compiles subscriptions' selectors (the compiler the authorizer compiles grants with)
     * @param publisher publishes through the transport
     * @param streams the open streams
     * @param subscriptionEvents the subscriptions API's documents
     * @param dispatchers each event loop's dispatcher, by loop; read, never changed, from every loop
     * @param address where the hub listens, once bound
     */
    public HubContext(HubSettings settings, HubMetrics metrics, Authorizer authorizer, SelectorCompiler selectors,
            Publisher publisher, StreamRegistry streams, SubscriptionEvents subscriptionEvents,
            Map<EventLoop, LoopDispatcher> dispatchers, Supplier<InetSocketAddress> address) {
        this.settings = settings;
        this.metrics = metrics;
        this.authorizer = authorizer;
        this.selectors = selectors;
        this.publisher = publisher;
        this.streams = streams;
        this.subscriptionEvents = subscriptionEvents;
        this.dispatchers = dispatchers;
        this.address = address;
        this.responseHeaders = new ResponseHeaders(settings.corsOrigins());
    }

    HubSettings settings() {
        return settings;
    }

    HubMetrics metrics() {
        return metrics;
    }

    Authorizer authorizer() {
        return authorizer;
    }

    SelectorCompiler selectors() {
        return selectors;
    }

    Publisher publisher() {
        return publisher;
    }

    StreamRegistry streams() {
        return streams;
    }

    SubscriptionEvents subscriptionEvents() {
        return subscriptionEvents;
    }

    /** When the hub was made, for its uptime. */
    Instant startedAt() {
        return startedAt;
    }

    ResponseHeaders responseHeaders() {
        return responseHeaders;
    }

    /** The dispatcher of {@code loop}, where the streams of its connections are indexed. */
    LoopDispatcher dispatcherOf(EventLoop loop) {
        return dispatchers.get(loop);
    }

    /** Whether the hub is shutting down: connections are refused and not kept alive. */
    boolean closing() {
        return streams.shuttingDown();
    }

    /**
     * The hub's URL for {@code request}: the configured resource identifier when it is an http(s) URL (a stable base
     * for relative topics and patterns), else the request's scheme and {@code Host} with the hub's path.
     *
     * @throws BadRequest when the {@code Host} header cannot be part of a URL
     */
    HubUrl hubUrl(HttpRequest request) throws BadRequest {
        Optional<HubUrl> configured = settings.auth().resourceIdentifier().flatMap(HubUrl::parse);
        if (configured.isPresent()) {
            return configured.get();
        }
        String host = request.headers().get(HttpHeaderNames.HOST, address.get().getHostString());
        try {
            return HubUrl.of(scheme(), host);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("invalid Host header");
        }
    }

    /** {@link #hubUrl}, or the listening address's when the {@code Host} header is unusable: for headers only. */
    HubUrl hubUrlOrDefault(HttpRequest request) {
        try {
            return hubUrl(request);
        } catch (BadRequest e) {
            return HubUrl.of(scheme(), address.get().getHostString() + ":" + address.get().getPort());
        }
    }

    private String scheme() {
        return settings.tlsCertificate().isPresent() ? "https" : "http";
    }
}
