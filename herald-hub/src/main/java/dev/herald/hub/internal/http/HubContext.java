package dev.herald.hub.internal.http;

import dev.herald.hub.internal.HubMetrics;
import dev.herald.hub.HubHealth;
import dev.herald.hub.internal.HubMount;
import dev.herald.hub.internal.HubPhase;
import dev.herald.hub.internal.HubSettings;
import dev.herald.hub.internal.auth.Authorizer;
import dev.herald.hub.internal.dispatch.LoopDispatcher;
import dev.herald.hub.internal.dispatch.StreamRegistry;
import dev.herald.hub.internal.mercure.Publisher;
import dev.herald.hub.internal.mercure.SubscriptionEvents;
import dev.herald.hub.internal.topic.HubUrl;
import dev.herald.hub.internal.topic.ReservedNamespace;
import dev.herald.hub.internal.topic.SelectorCompiler;
import io.netty.channel.EventLoop;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

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
    private final List<LoopDispatcher> dispatcherList;
    private final AtomicInteger nextDispatcher = new AtomicInteger();
    private final Optional<HubUrl> configuredHubUrl;
    private final Instant startedAt = Instant.now();
    private final ResponseHeaders responseHeaders;
    private final HubMount mount;
    private volatile HubPhase phase = HubPhase.SERVING;

    /**
     * @param settings the hub's configuration
     * @param metrics its meters (connections, publishes, the scrape)
     * @param authorizer validates tokens into compiled grants
     * @param selectors compiles subscriptions' selectors (the compiler the authorizer compiles grants with)
     * @param publisher publishes through the transport
     * @param streams the open streams
     * @param subscriptionEvents the subscriptions API's documents
     * @param dispatchers each event loop's dispatcher, by loop; read, never changed, from every loop
     * @param mount where the hub is served
     */
    public HubContext(HubSettings settings, HubMetrics metrics, Authorizer authorizer, SelectorCompiler selectors,
            Publisher publisher, StreamRegistry streams, SubscriptionEvents subscriptionEvents,
            Map<EventLoop, LoopDispatcher> dispatchers, HubMount mount) {
        this.mount = mount;
        this.settings = settings;
        this.metrics = metrics;
        this.authorizer = authorizer;
        this.selectors = selectors;
        this.publisher = publisher;
        this.streams = streams;
        this.subscriptionEvents = subscriptionEvents;
        this.dispatchers = dispatchers;
        this.dispatcherList = List.copyOf(dispatchers.values());
        this.configuredHubUrl = settings.auth().resourceIdentifier().flatMap(HubUrl::parse);
        this.responseHeaders = new ResponseHeaders(settings.corsOrigins());
    }

    public HubSettings settings() {
        return settings;
    }

    public HubMetrics metrics() {
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
    public LoopDispatcher dispatcherOf(EventLoop loop) {
        return dispatchers.get(loop);
    }

    /** The next dispatcher in turn, for a stream whose connection has no event loop of the hub's (a servlet's). */
    public LoopDispatcher nextDispatcher() {
        return dispatcherList.get(Math.floorMod(nextDispatcher.getAndIncrement(), dispatcherList.size()));
    }

    /** Where the hub is in its life. */
    public HubPhase phase() {
        return phase;
    }

    /** The hub moves on to {@code next} (never back). */
    public void enter(HubPhase next) {
        if (next.compareTo(phase) > 0) {
            phase = next;
        }
    }

    /** The hub's health, as its probes report it. */
    public HubHealth health() {
        HubPhase now = phase;
        boolean available = settings.transport().isAvailable();
        boolean full = metrics.connections() >= settings.maxConnections();
        String reason = !now.ready() ? (now == HubPhase.STOPPED ? "stopped" : "draining")
                : !available ? "transport unavailable" : full ? "full" : "ready";
        return new HubHealth(reason.equals("ready"), reason, now != HubPhase.SERVING && now != HubPhase.STOPPED,
                available, full, streams.size());
    }

    /**
     * Whether the hub has stopped: new connections are refused. A draining hub still takes them, for its probes and
     * for publishes, and refuses new subscribers by its phase.
     */
    public boolean closing() {
        return streams.shuttingDown();
    }

    /**
     * Whether a connection may be kept open after its answer: not once the hub is ending its streams, so that a
     * client's next request, a load balancer's too, goes through a new connection, to another node.
     */
    public boolean keepsConnectionsAlive() {
        return !phase.refusesSubscribers() && !streams.shuttingDown();
    }

    /** Where the hub is served; a front-end that serves it under a context path says so here. */
    public HubMount mount() {
        return mount;
    }

    /** The topics publishers may not use, for a request that reached the hub as {@code hubUrl}. */
    public ReservedNamespace reservedNamespace(HubUrl hubUrl) {
        return new ReservedNamespace(hubUrl, mount.path());
    }

    /**
     * The topics publishers may not use, for an update published without a request ({@code Hub.publish}): relative
     * topics resolve against the configured resource identifier, else the hub's path on any host.
     */
    public ReservedNamespace reservedNamespace() {
        return reservedNamespace(configuredHubUrl.orElseGet(() -> HubUrl.of("http", "localhost", mount.path())));
    }

    /** The configured resource identifier as the hub's URL, when it is an http(s) URL. */
    Optional<HubUrl> configuredHubUrl() {
        return configuredHubUrl;
    }
}
