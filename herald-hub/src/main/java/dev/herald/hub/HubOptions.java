package dev.herald.hub;

import dev.herald.hub.HubOption.Scope;
import java.time.Duration;
import java.util.List;

/**
 * The hub's own options, each described once ({@link HubOption}); a transport's own come from its
 * {@link TransportProvider#options()}. {@link HubBuilder} takes its defaults from here, {@code herald serve} its flags
 * and variables, the Spring Boot starter its {@code herald.hub.*} properties.
 *
 * <p>What differs between the ways the hub runs, all of it:
 * <ul>
 * <li>{@code host} and {@code port}: {@code herald serve} takes both as {@code --addr HOST:PORT}. In the Spring Boot
 *     starter, an unset {@code port} means the hub is served by the application's own server at {@code path}.</li>
 * <li>Options of {@link Scope#OWN_PORT} (TLS, connection limits, timeouts, the page) have no effect in an
 *     application's servlet container, whose own settings do this; the starter warns when one is set there.</li>
 * <li>{@code path} in a servlet container is relative to the application's context path.</li>
 * <li>Only the Java API takes what is not text: {@link HubBuilder#transport(Transport)},
 *     {@link HubBuilder#issuerKey}, {@link HubBuilder#subscriberAuthorization}, {@link HubBuilder#meterRegistry}
 *     (the starter passes the application's beans), {@link HubBuilder#listen}.</li>
 * <li>The starter alone has {@code herald.hub.enabled}, and takes {@code datasource} for {@code transport}: the
 *     application's own {@code DataSource}, with herald-postgres.</li>
 * </ul>
 */
public final class HubOptions {

    /** The interface to listen on. */
    public static final HubOption<String> HOST = HubOption.text("host", "127.0.0.1",
            "The interface to listen on.").within(Scope.OWN_PORT);
    /** The port to listen on. */
    public static final HubOption<Integer> PORT = HubOption.integer("port", 8080,
            "The port to listen on; 0 for any free port.").within(Scope.OWN_PORT);
    /** Where the hub is served. */
    public static final HubOption<String> PATH = HubOption.text("path", "/.well-known/mercure",
            "The hub's path: subscribers and publishers use it, and subscription events are named under it.");
    /** Where updates are logged. */
    public static final HubOption<String> TRANSPORT = HubOption.text("transport", "memory",
            "Where updates are logged: memory (the default), or a name an installed transport opens.");

    /** The key of both roles. */
    public static final HubOption<String> JWT_KEY = HubOption.text("jwt-key",
            "Key verifying publishers' and subscribers' tokens: an HMAC secret, or a PEM key (or PEM file) for "
                    + "RS256/ES256/EdDSA.").secret();
    /** The publishers' key. */
    public static final HubOption<String> PUBLISHER_JWT_KEY = HubOption.text("publisher-jwt-key",
            "Key verifying publishers' tokens, instead of jwt-key.").secret();
    /** The subscribers' key. */
    public static final HubOption<String> SUBSCRIBER_JWT_KEY = HubOption.text("subscriber-jwt-key",
            "Key verifying subscribers' tokens, instead of jwt-key.").secret();
    /** The keys' algorithm. */
    public static final HubOption<String> JWT_ALGORITHM = HubOption.text("jwt-algorithm", "HS256",
            "The tokens' algorithm: HS256, HS384, HS512, RS256, ES256, EdDSA...").withFlag("jwt-alg");
    /** Issuers trusted with the keys above. */
    public static final HubOption<List<String>> ISSUERS = HubOption.list("issuers",
            "Trusted issuers (iss) of Mercure 1.0 access tokens signed with the JWT keys; without an issuer or a "
                    + "JWK Set, access tokens are refused.").withFlag("issuer");
    /** Issuers trusted with a JWK Set. */
    public static final HubOption<List<String>> JWKS_URIS = HubOption.list("jwks-uris",
            "Trust ISSUER's access tokens signed with a key of the JWK Set at URL (https, or http to a loopback "
                    + "address), as ISSUER=URL.").withFlag("jwks-uri");
    /** How often JWK Sets are fetched again. */
    public static final HubOption<Duration> JWKS_REFRESH = HubOption.duration("jwks-refresh", Duration.ofMinutes(5),
            "How long a fetched JWK Set is used before it is fetched again.");
    /** The least time between two fetches of a JWK Set. */
    public static final HubOption<Duration> JWKS_MIN_REFRESH = HubOption.duration("jwks-min-refresh",
            Duration.ofSeconds(30),
            "The least time between fetches of one JWK Set when tokens name keys it does not have.");
    /** The audience of access tokens. */
    public static final HubOption<String> RESOURCE_IDENTIFIER = HubOption.text("resource-identifier",
            "The audience access tokens must carry; by default the URL of each request's hub.");
    /** Subscribers without a token. */
    public static final HubOption<Boolean> ANONYMOUS = HubOption.flag("anonymous", false,
            "Accept subscribers without a token; they receive public updates only.");
    /** Browser origins. */
    public static final HubOption<List<String>> CORS_ORIGINS = HubOption.list("cors-origins",
            "Origins browsers may call the hub from, with credentials; * for any, without.").withFlag("cors-origin");

    /** History kept for replay. */
    public static final HubOption<Integer> HISTORY_SIZE = HubOption.integer("history-size", 10_000,
            "Updates kept for replay, in memory or in the transport's store.");
    /** History's heap. */
    public static final HubOption<Long> HISTORY_MAX_BYTES = HubOption.number("history-max-bytes", 0,
            "About how much heap in-memory history may take; the oldest updates leave past it.")
            .withComputedDefault("a quarter of the maximum heap");
    /** History's age. */
    public static final HubOption<Duration> HISTORY_MAX_AGE = HubOption.duration("history-max-age", Duration.ZERO,
            "Updates older than this leave the history of a durable transport (sqlite:, postgresql:); 0 for no "
                    + "age limit.");
    /** The heartbeat. */
    public static final HubOption<Duration> HEARTBEAT = HubOption.duration("heartbeat", Duration.ofSeconds(40),
            "The interval of the keep-alive comment on idle streams; 0 disables it.");
    /** Subscription events and the subscriptions API. */
    public static final HubOption<Boolean> SUBSCRIPTIONS = HubOption.flag("subscriptions", false,
            "Publish subscription events and serve the subscriptions API.");
    /** Mercure dialects. */
    public static final HubOption<String> PROTOCOL = HubOption.text("protocol", "both",
            "Mercure dialects accepted: both, or 1.0.");

    /** Connection limit. */
    public static final HubOption<Integer> MAX_CONNECTIONS = HubOption.integer("max-connections", 0,
            "Connections beyond this get 503.").withComputedDefault("the open-file limit less a tenth of it, at "
                    + "least 256, kept for the JVM, the transport and refusals").within(Scope.OWN_PORT);
    /** Selectors per subscription. */
    public static final HubOption<Integer> MAX_SELECTORS = HubOption.integer("max-selectors", 100,
            "The most topic selectors in one subscription.");
    /** Request body limit. */
    public static final HubOption<Integer> MAX_REQUEST_BYTES = HubOption.integer("max-request-bytes", 1024 * 1024,
            "The largest request body accepted; larger ones get 413.");
    /** Unread bytes before a slow subscriber is cut off. */
    public static final HubOption<Integer> MAX_QUEUED_BYTES = HubOption.integer("max-queued-bytes", 256 * 1024,
            "Bytes a subscriber may leave unread before it is cut off (it resumes from history when it reconnects).");
    /** Event-loop threads. */
    public static final HubOption<Integer> IO_THREADS = HubOption.integer("io-threads", 0,
            "Event-loop threads.").withComputedDefault("one per processor");
    /** TLS certificate. */
    public static final HubOption<String> TLS_CERT = HubOption.text("tls-cert",
            "A PEM certificate chain: serve HTTPS, with HTTP/2 and HTTP/1.1 by ALPN.").within(Scope.OWN_PORT);
    /** TLS key. */
    public static final HubOption<String> TLS_KEY = HubOption.text("tls-key",
            "The PEM private key of tls-cert.").within(Scope.OWN_PORT);
    /** The page at {@code /}. */
    public static final HubOption<Boolean> PAGE = HubOption.flag("page", true,
            "Serve the hub's page at /, with its figures.").within(Scope.OWN_PORT);
    /** Request head timeout. */
    public static final HubOption<Duration> REQUEST_HEAD_TIMEOUT = HubOption.duration("request-head-timeout",
            Duration.ofSeconds(10), "How long an HTTP/1.1 client has to send a request head (and the longest pause "
                    + "in a body) before it gets 408; also the TLS handshake's limit. Streams are not timed.")
            .within(Scope.OWN_PORT);
    /** Keep-alive timeout. */
    public static final HubOption<Duration> KEEP_ALIVE_TIMEOUT = HubOption.duration("keep-alive-timeout",
            Duration.ofSeconds(75), "How long an idle HTTP/1.1 connection that is not a stream is kept between "
                    + "requests: longer than the 60 s of common proxies in front, so that they close first.")
            .within(Scope.OWN_PORT);

    /** How long a stopping hub is not ready but serving. */
    public static final HubOption<Duration> DRAIN_DELAY = HubOption.duration("drain-delay", Duration.ofSeconds(5),
            "When the hub stops, how long it reports not ready while it still serves, so that load balancers stop "
                    + "sending it subscribers; skipped when it has no connection.");
    /** Over how long a stopping hub ends its streams. */
    public static final HubOption<Duration> DRAIN_TIME = HubOption.duration("drain-time", Duration.ofSeconds(10),
            "When the hub stops, over how long it then ends its streams, one by one in random order, so that their "
                    + "clients reconnect elsewhere without a storm; 0 ends them all at once.");

    private static final List<HubOption<?>> ALL = List.of(HOST, PORT, PATH, TRANSPORT, JWT_KEY, PUBLISHER_JWT_KEY,
            SUBSCRIBER_JWT_KEY, JWT_ALGORITHM, ISSUERS, JWKS_URIS, JWKS_REFRESH, JWKS_MIN_REFRESH, RESOURCE_IDENTIFIER,
            ANONYMOUS, CORS_ORIGINS, HISTORY_SIZE, HISTORY_MAX_BYTES, HISTORY_MAX_AGE, HEARTBEAT, SUBSCRIPTIONS,
            PROTOCOL, MAX_CONNECTIONS, MAX_SELECTORS, MAX_REQUEST_BYTES, MAX_QUEUED_BYTES, IO_THREADS, TLS_CERT,
            TLS_KEY, PAGE, REQUEST_HEAD_TIMEOUT, KEEP_ALIVE_TIMEOUT, DRAIN_DELAY, DRAIN_TIME);

    private HubOptions() {
    }

    /** The hub's own options, in the order help lists them. */
    public static List<HubOption<?>> all() {
        return ALL;
    }

    /** The hub's options and those of every installed transport: all the options there are here. */
    public static List<HubOption<?>> withTransports() {
        return TransportProviders.installed().allOptions();
    }
}
