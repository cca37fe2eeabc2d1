package dev.herald.hub;

import dev.herald.hub.internal.HubSettings;
import dev.herald.hub.internal.auth.AuthSettings;
import dev.herald.hub.internal.auth.IssuerKey;
import dev.herald.hub.internal.auth.JwksEndpoint;
import dev.herald.hub.internal.auth.JwksRefresh;
import dev.herald.hub.internal.netty.connection.ConnectionBudget;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link HubBuilder} has been told, each value starting at its option's default ({@link HubOptions}), and how
 * it becomes the hub's settings. The builder checks each value as it is given; this only holds them.
 */
final class HubDraft {
    String host = HubOptions.HOST.defaultValue().orElseThrow();
    int port = HubOptions.PORT.defaultValue().orElseThrow();
    String path = HubOptions.PATH.defaultValue().orElseThrow();
    Transport transport;
    OptionValues options = OptionValues.empty();
    int historySize = HubOptions.HISTORY_SIZE.defaultValue().orElseThrow();
    long historyMaxBytes = MemoryTransport.defaultMaxHistoryBytes();
    KeySpec publisherKey;
    KeySpec subscriberKey;
    final List<String> issuers = new ArrayList<>();
    final List<IssuerKey> issuerKeys = new ArrayList<>();
    final List<JwksEndpoint> jwksEndpoints = new ArrayList<>();
    JwksRefresh jwksRefresh = new JwksRefresh(HubOptions.JWKS_REFRESH.defaultValue().orElseThrow(),
            HubOptions.JWKS_MIN_REFRESH.defaultValue().orElseThrow());
    String resourceIdentifier;
    boolean anonymous = HubOptions.ANONYMOUS.defaultValue().orElseThrow();
    final List<String> corsOrigins = new ArrayList<>();
    Duration heartbeat = HubOptions.HEARTBEAT.defaultValue().orElseThrow();
    boolean subscriptions = HubOptions.SUBSCRIPTIONS.defaultValue().orElseThrow();
    MercureProtocol protocol = MercureProtocol.BOTH;
    int maxConnections = ConnectionBudget.ofThisProcess().maxConnections();
    int maxSelectors = HubOptions.MAX_SELECTORS.defaultValue().orElseThrow();
    int maxRequestBytes = HubOptions.MAX_REQUEST_BYTES.defaultValue().orElseThrow();
    int maxQueuedBytes = HubOptions.MAX_QUEUED_BYTES.defaultValue().orElseThrow();
    int ioThreads = Runtime.getRuntime().availableProcessors();
    Path tlsCertificate;
    Path tlsKey;
    boolean page = HubOptions.PAGE.defaultValue().orElseThrow();
    Duration requestHeadTimeout = HubOptions.REQUEST_HEAD_TIMEOUT.defaultValue().orElseThrow();
    Duration keepAliveTimeout = HubOptions.KEEP_ALIVE_TIMEOUT.defaultValue().orElseThrow();
    boolean listen = true;
    Duration drainDelay = HubOptions.DRAIN_DELAY.defaultValue().orElseThrow();
    Duration drainTime = HubOptions.DRAIN_TIME.defaultValue().orElseThrow();
    OptionNaming naming = OptionNaming.commandLine();
    SubscriberAuthorization subscriberAuthorization;
    MeterRegistry meterRegistry;

    /** The hub's settings; opens the transport the options name when none was given. */
    HubSettings settings() {
        AuthSettings auth = new AuthSettings(Optional.ofNullable(publisherKey), Optional.ofNullable(subscriberKey),
                issuers, issuerKeys, jwksEndpoints, jwksRefresh, Optional.ofNullable(resourceIdentifier),
                protocol == MercureProtocol.BOTH, true, corsOrigins);
        return new HubSettings(new InetSocketAddress(host, port), path,
                transport != null ? transport : openTransport(), auth, anonymous,
                corsOrigins,
                heartbeat, subscriptions, protocol, maxConnections, maxSelectors, maxRequestBytes, maxQueuedBytes,
                ioThreads, Optional.ofNullable(tlsCertificate), Optional.ofNullable(tlsKey), page,
                requestHeadTimeout, keepAliveTimeout, listen, drainDelay, drainTime, naming,
                Optional.ofNullable(subscriberAuthorization),
                Optional.ofNullable(meterRegistry));
    }

    /** The transport the options name, or else a memory one with this builder's history settings. */
    private Transport openTransport() {
        if (!options.isSet(HubOptions.TRANSPORT) || options.get(HubOptions.TRANSPORT).strip().equals("memory")) {
            return new MemoryTransport(historySize, historyMaxBytes);
        }
        OptionValues values = options.with(OptionValues.builder().set(HubOptions.HISTORY_SIZE, historySize).build());
        try {
            return TransportProviders.installed().open(values);
        } catch (InvalidOptionException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException(HubOptions.TRANSPORT, e.getMessage(), e);
        }
    }

    /** {@code value}, checked positive as the builder's option {@code name}. */
    static Duration positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }

    /** {@code value}, checked positive as the builder's option {@code name}. */
    static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }
}
