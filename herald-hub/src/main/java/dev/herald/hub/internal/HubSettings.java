package dev.herald.hub.internal;

import dev.herald.hub.MercureProtocol;
import dev.herald.hub.OptionNaming;
import dev.herald.hub.SubscriberAuthorization;
import dev.herald.hub.Transport;
import dev.herald.hub.internal.auth.AuthSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the hub was configured with, fixed at build time.
 *
 * @param address where to listen
 * @param path the hub's path (in a servlet container, relative to the application's context path)
 * @param transport the event log
 * @param auth how tokens are verified
 * @param anonymous whether subscribers without a token are accepted (they see public updates only)
 * @param corsOrigins origins allowed to call the hub from a browser with credentials ({@code *} for any)
 * @param heartbeat the interval of the keep-alive comment; zero disables it
 * @param subscriptions whether subscription events and the subscriptions API are on
 * @param protocol the dialects accepted
 * @param maxConnections connections beyond this are answered 503
 * @param maxSelectors topic selectors allowed in one subscription
 * @param maxRequestBytes the largest request body accepted
 * @param maxQueuedBytes bytes a subscriber may leave unread before it is cut off
 * @param ioThreads event-loop threads
 * @param tlsCertificate a PEM certificate chain, for HTTPS with HTTP/2 by ALPN
 * @param tlsKey the PEM private key of the certificate
 * @param page whether to serve the page at {@code /}
 * @param requestHeadTimeout how long an HTTP/1.1 client has to send a request's head (and between pieces of its
 *     body) before it gets 408; also the TLS handshake's limit
 * @param keepAliveTimeout how long an HTTP/1.1 connection that is not a stream may wait for its next request
 * @param listen whether the hub listens on {@code address} itself; if not, a servlet container serves it
 * @param drainDelay how long a draining hub reports not ready while it still serves, before it ends its streams
 * @param drainTime over how long a draining hub ends its streams
 * @param naming how the hub names its options in what it says
 * @param subscriberAuthorization the application's own answer to what a subscriber may receive, asked first
 * @param meterRegistry the application's registry, which gets the hub's own meters too
 */
public record HubSettings(
        InetSocketAddress address,
        String path,
        Transport transport,
        AuthSettings auth,
        boolean anonymous,
        List<String> corsOrigins,
        Duration heartbeat,
        boolean subscriptions,
        MercureProtocol protocol,
        int maxConnections,
        int maxSelectors,
        int maxRequestBytes,
        int maxQueuedBytes,
        int ioThreads,
        Optional<Path> tlsCertificate,
        Optional<Path> tlsKey,
        boolean page,
        Duration requestHeadTimeout,
        Duration keepAliveTimeout,
        boolean listen,
        Duration drainDelay,
        Duration drainTime,
        OptionNaming naming,
        Optional<SubscriberAuthorization> subscriberAuthorization,
        Optional<MeterRegistry> meterRegistry) {

    public HubSettings {
        corsOrigins = List.copyOf(corsOrigins);
        if (requestHeadTimeout.isNegative() || requestHeadTimeout.isZero()
                || keepAliveTimeout.isNegative() || keepAliveTimeout.isZero()) {
            throw new IllegalArgumentException("the request head and keep-alive timeouts must be positive");
        }
    }
}
