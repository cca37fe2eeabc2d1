package dev.herald.hub;

import dev.herald.hub.internal.auth.IssuerKey;
import dev.herald.hub.internal.auth.JwksEndpoint;
import dev.herald.hub.internal.auth.JwksRefresh;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/** Configures a {@link Hub}. Not thread-safe. */
public final class HubBuilder {
    /** What the builder has been told so far. */
    private final HubDraft draft = new HubDraft();

    HubBuilder() {
    }

    /**
     * Applies option values, as {@code herald serve} and the Spring Boot starter read them ({@link HubOptions}, and
     * the options of the named transport's provider). A transport given to {@link #transport(Transport)} is kept;
     * otherwise {@code build()} opens the one {@link HubOptions#TRANSPORT} names.
     *
     * @throws InvalidOptionException naming the option whose value cannot be used
     */
    public HubBuilder options(OptionValues values) {
        new BuilderOptions(values).applyTo(this);
        draft.options = draft.options.with(values);
        return this;
    }

    /**
     * The path the hub is served at (default {@code /.well-known/mercure}): subscribers and publishers use it, and
     * subscription events are named under it. In a servlet container it is relative to the application's context
     * path.
     */
    public HubBuilder path(String path) {
        if (!path.startsWith("/") || path.length() > 1 && path.endsWith("/") || path.contains("?")
                || path.contains("#")) {
            throw new IllegalArgumentException("the hub's path starts with / and has no trailing /, query or fragment: "
                    + path);
        }
        draft.path = path;
        return this;
    }

    /** The interface and port to listen on; default {@code 127.0.0.1:8080}, port 0 for any free port. */
    public HubBuilder address(String host, int port) {
        draft.host = Objects.requireNonNull(host, "host");
        return port(port);
    }

    /** The port to listen on (0 for any free port). */
    public HubBuilder port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        draft.port = port;
        return this;
    }

    /** The event log; default a {@link MemoryTransport} of {@link #historySize(int)} updates. */
    public HubBuilder transport(Transport transport) {
        draft.transport = Objects.requireNonNull(transport, "transport");
        return this;
    }

    /** How many updates the default in-memory history keeps for replay (default 10,000). */
    public HubBuilder historySize(int historySize) {
        draft.historySize = historySize;
        return this;
    }

    /**
     * About how much heap the default in-memory history may take (default a quarter of the maximum heap): past
     * it the oldest updates leave history, so large updates cannot exhaust memory.
     */
    public HubBuilder historyMaxBytes(long historyMaxBytes) {
        if (historyMaxBytes < 1) {
            throw new IllegalArgumentException("historyMaxBytes must be positive: " + historyMaxBytes);
        }
        draft.historyMaxBytes = historyMaxBytes;
        return this;
    }

    /** The key verifying both roles' 0.x tokens, and their access tokens from each {@link #trustedIssuer}. */
    public HubBuilder jwtKey(KeySpec key) {
        return publisherKey(key).subscriberKey(key);
    }

    /** The key verifying publishers' 0.x tokens, and their access tokens from each {@link #trustedIssuer}. */
    public HubBuilder publisherKey(KeySpec key) {
        draft.publisherKey = Objects.requireNonNull(key, "key");
        return this;
    }

    /** The key verifying subscribers' 0.x tokens, and their access tokens from each {@link #trustedIssuer}. */
    public HubBuilder subscriberKey(KeySpec key) {
        draft.subscriberKey = Objects.requireNonNull(key, "key");
        return this;
    }

    /** Trusts the issuer ({@code iss}) of access tokens signed with the {@link #jwtKey} (or role keys). */
    public HubBuilder trustedIssuer(String issuer) {
        draft.issuers.add(Objects.requireNonNull(issuer, "issuer"));
        return this;
    }

    /** Trusts {@code issuer} with {@code key}: its access tokens, of either role, may be verified with it. */
    public HubBuilder issuerKey(String issuer, KeySpec key) {
        draft.issuerKeys.add(new IssuerKey(issuer, key));
        return this;
    }

    /** Trusts {@code issuer} with the keys of the JWK Set at {@code uri}: https, or http to a loopback address. */
    public HubBuilder jwksUri(String issuer, URI uri) {
        JwksEndpoint endpoint = new JwksEndpoint(issuer, uri);
        if (draft.jwksEndpoints.stream().anyMatch(other -> other.issuer().equals(issuer))) {
            throw new IllegalArgumentException("issuer " + issuer + " already has a JWK Set URL");
        }
        draft.jwksEndpoints.add(endpoint);
        return this;
    }

    /** Refetches JWK Sets after {@code period}, each at most twice per {@code minimumInterval} (5 min, 30 s). */
    public HubBuilder jwksRefresh(Duration period, Duration minimumInterval) {
        draft.jwksRefresh = new JwksRefresh(period, minimumInterval);
        return this;
    }

    /** The audience access tokens must name; by default derived from each request's host. */
    public HubBuilder resourceIdentifier(String resourceIdentifier) {
        draft.resourceIdentifier = Objects.requireNonNull(resourceIdentifier, "resourceIdentifier");
        return this;
    }

    /** Whether subscribers without a token are accepted; they receive public updates only. */
    public HubBuilder anonymous(boolean anonymous) {
        draft.anonymous = anonymous;
        return this;
    }

    /** Adds an origin allowed to use the hub from a browser, with credentials; {@code *} allows any, without. */
    public HubBuilder corsOrigin(String origin) {
        draft.corsOrigins.add(Objects.requireNonNull(origin, "origin"));
        return this;
    }

    /** The interval of the keep-alive comment on idle streams (default 40 s; zero disables it). */
    public HubBuilder heartbeat(Duration heartbeat) {
        if (heartbeat.isNegative()) {
            throw new IllegalArgumentException("heartbeat must not be negative");
        }
        draft.heartbeat = heartbeat;
        return this;
    }

    /** Enables subscription events and the subscriptions API. */
    public HubBuilder subscriptions(boolean subscriptions) {
        draft.subscriptions = subscriptions;
        return this;
    }

    /** Which Mercure dialects to accept (default both). */
    public HubBuilder protocol(MercureProtocol protocol) {
        draft.protocol = Objects.requireNonNull(protocol, "protocol");
        return this;
    }

    /**
     * The most connections at once; more are answered 503 with Retry-After. The default is what the process's
     * open-file limit leaves once files for the JVM, a transport and refusals are set aside (50,000 without a limit).
     */
    public HubBuilder maxConnections(int maxConnections) {
        draft.maxConnections = HubDraft.positive("maxConnections", maxConnections);
        return this;
    }

    /** The most topic selectors in one subscription (default 100). */
    public HubBuilder maxSelectorsPerSubscription(int maxSelectors) {
        draft.maxSelectors = HubDraft.positive("maxSelectorsPerSubscription", maxSelectors);
        return this;
    }

    /** The largest request body accepted; larger ones get 413 (default 1 MiB). */
    public HubBuilder maxRequestBytes(int maxRequestBytes) {
        draft.maxRequestBytes = HubDraft.positive("maxRequestBytes", maxRequestBytes);
        return this;
    }

    /** Bytes a subscriber may leave unread before it is disconnected (default 256 KiB). */
    public HubBuilder maxQueuedBytesPerSubscriber(int maxQueuedBytes) {
        draft.maxQueuedBytes = HubDraft.positive("maxQueuedBytesPerSubscriber", maxQueuedBytes);
        return this;
    }

    /** The number of event-loop threads (default: the number of processors). */
    public HubBuilder ioThreads(int ioThreads) {
        draft.ioThreads = HubDraft.positive("ioThreads", ioThreads);
        return this;
    }

    /** Serves HTTPS (HTTP/2 by ALPN, and HTTP/1.1) with a PEM certificate chain and its PEM private key. */
    public HubBuilder tls(Path certificate, Path privateKey) {
        draft.tlsCertificate = Objects.requireNonNull(certificate, "certificate");
        draft.tlsKey = Objects.requireNonNull(privateKey, "privateKey");
        return this;
    }

    /** Whether to serve the hub's page at {@code /} (default yes). */
    public HubBuilder page(boolean page) {
        draft.page = page;
        return this;
    }

    /**
     * How long an HTTP/1.1 client has to send a whole request head, from its first byte (on a new connection,
     * from the connection's start), and the longest pause within a request body; past it the request gets 408
     * and the connection is closed. Streams are never timed. Default 10 s.
     */
    public HubBuilder requestHeadTimeout(Duration requestHeadTimeout) {
        draft.requestHeadTimeout = HubDraft.positive("requestHeadTimeout", requestHeadTimeout);
        return this;
    }

    /**
     * How long an HTTP/1.1 connection that is not a stream may stay idle between requests before the hub
     * closes it. Default 75 s: longer than the 60 s idle timeout of common proxies and load balancers in
     * front, so that they, not the hub, close an idle connection first, and no request of theirs meets one
     * the hub is closing.
     */
    public HubBuilder keepAliveTimeout(Duration keepAliveTimeout) {
        draft.keepAliveTimeout = HubDraft.positive("keepAliveTimeout", keepAliveTimeout);
        return this;
    }

    /**
     * Whether {@link Hub#start} listens on the {@link #address}; default yes. A hub served by a servlet container
     * (herald-servlet) does not listen: it starts its event loops and transport only.
     */
    public HubBuilder listen(boolean listen) {
        draft.listen = listen;
        return this;
    }

    /**
     * How a stopping hub drains ({@link Hub#drainAndClose()}): not ready but serving for {@code delay} (default 5 s;
     * skipped when it has no connection), then its streams ended one by one over {@code time} (default 10 s).
     */
    public HubBuilder drain(Duration delay, Duration time) {
        if (delay.isNegative() || time.isNegative()) {
            throw new IllegalArgumentException("the drain's delay and time must not be negative");
        }
        draft.drainDelay = delay;
        draft.drainTime = time;
        return this;
    }

    /**
     * How the hub names its options in its logs and errors: {@code herald serve}'s flags by default; the Spring Boot
     * starter names its properties.
     */
    public HubBuilder optionNaming(OptionNaming naming) {
        draft.naming = Objects.requireNonNull(naming, "naming");
        return this;
    }

    /** The application's own answer to what a subscriber may receive, asked before the request's token. */
    public HubBuilder subscriberAuthorization(SubscriberAuthorization authorization) {
        draft.subscriberAuthorization = Objects.requireNonNull(authorization, "authorization");
        return this;
    }

    /** Also registers the hub's own meters ({@code herald.*}) in the application's {@code registry}. */
    public HubBuilder meterRegistry(MeterRegistry registry) {
        draft.meterRegistry = Objects.requireNonNull(registry, "registry");
        return this;
    }

    /**
     * The hub, not yet started.
     *
     * @throws InvalidOptionException when the transport the options name cannot be opened
     */
    public Hub build() {
        return new Hub(draft.settings());
    }
}
