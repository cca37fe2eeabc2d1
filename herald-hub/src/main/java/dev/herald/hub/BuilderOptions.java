package dev.herald.hub;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/** How option values configure a {@link HubBuilder}: each of {@link HubOptions}, read and checked once, here. */
final class BuilderOptions {

    private final OptionValues values;

    BuilderOptions(OptionValues values) {
        this.values = values;
    }

    /** Applies every option given a value to {@code builder}; the transport is opened by the builder, once built. */
    void applyTo(HubBuilder builder) {
        apply(HubOptions.PATH, builder::path);
        if (values.isSet(HubOptions.HOST) || values.isSet(HubOptions.PORT)) {
            apply(HubOptions.PORT, port -> builder.address(values.get(HubOptions.HOST), port));
        }
        keys(builder);
        values.get(HubOptions.ISSUERS).forEach(builder::trustedIssuer);
        for (String entry : values.get(HubOptions.JWKS_URIS)) {
            apply(HubOptions.JWKS_URIS, entry, value -> {
                int equals = value.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("takes ISSUER=URL, not " + value);
                }
                builder.jwksUri(value.substring(0, equals).strip(), URI.create(value.substring(equals + 1).strip()));
            });
        }
        if (values.isSet(HubOptions.JWKS_REFRESH) || values.isSet(HubOptions.JWKS_MIN_REFRESH)) {
            apply(HubOptions.JWKS_REFRESH, period ->
                    builder.jwksRefresh(period, values.get(HubOptions.JWKS_MIN_REFRESH)));
        }
        apply(HubOptions.RESOURCE_IDENTIFIER, builder::resourceIdentifier);
        apply(HubOptions.ANONYMOUS, builder::anonymous);
        values.get(HubOptions.CORS_ORIGINS).forEach(builder::corsOrigin);
        apply(HubOptions.HISTORY_SIZE, builder::historySize);
        apply(HubOptions.HISTORY_MAX_BYTES, bytes -> {
            if (bytes > 0) {
                builder.historyMaxBytes(bytes);
            }
        });
        apply(HubOptions.HEARTBEAT, builder::heartbeat);
        apply(HubOptions.SUBSCRIPTIONS, builder::subscriptions);
        apply(HubOptions.PROTOCOL, protocol -> builder.protocol(protocol(protocol)));
        apply(HubOptions.MAX_CONNECTIONS, max -> {
            if (max > 0) {
                builder.maxConnections(max);
            }
        });
        apply(HubOptions.MAX_SELECTORS, builder::maxSelectorsPerSubscription);
        apply(HubOptions.MAX_REQUEST_BYTES, builder::maxRequestBytes);
        apply(HubOptions.MAX_QUEUED_BYTES, builder::maxQueuedBytesPerSubscriber);
        apply(HubOptions.IO_THREADS, threads -> {
            if (threads > 0) {
                builder.ioThreads(threads);
            }
        });
        if (values.isSet(HubOptions.TLS_CERT) != values.isSet(HubOptions.TLS_KEY)) {
            HubOption<String> missing = values.isSet(HubOptions.TLS_CERT) ? HubOptions.TLS_KEY : HubOptions.TLS_CERT;
            throw new InvalidOptionException(missing, "is needed too: the certificate and its key go together");
        }
        apply(HubOptions.TLS_CERT, cert -> builder.tls(Path.of(cert), Path.of(values.get(HubOptions.TLS_KEY))));
        apply(HubOptions.PAGE, builder::page);
        apply(HubOptions.REQUEST_HEAD_TIMEOUT, builder::requestHeadTimeout);
        apply(HubOptions.KEEP_ALIVE_TIMEOUT, builder::keepAliveTimeout);
        if (values.isSet(HubOptions.DRAIN_DELAY) || values.isSet(HubOptions.DRAIN_TIME)) {
            apply(HubOptions.DRAIN_TIME, time -> builder.drain(values.get(HubOptions.DRAIN_DELAY), time));
        }
    }

    private void keys(HubBuilder builder) {
        String algorithm = values.get(HubOptions.JWT_ALGORITHM);
        apply(HubOptions.JWT_KEY, key -> builder.jwtKey(key(algorithm, key)));
        apply(HubOptions.PUBLISHER_JWT_KEY, key -> builder.publisherKey(key(algorithm, key)));
        apply(HubOptions.SUBSCRIBER_JWT_KEY, key -> builder.subscriberKey(key(algorithm, key)));
    }

    /** A key from its material: for a public-key algorithm, a path to a PEM file is read. */
    private static KeySpec key(String algorithm, String material) {
        String value = material;
        if (!material.startsWith("-----BEGIN") && !algorithm.toUpperCase(Locale.ROOT).startsWith("HS")) {
            try {
                Path file = Path.of(material);
                if (Files.isRegularFile(file)) {
                    value = Files.readString(file);
                }
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read the key file " + material + ": " + e.getMessage(), e);
            }
        }
        return KeySpec.parse(algorithm, value);
    }

    private static MercureProtocol protocol(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "both" -> MercureProtocol.BOTH;
            case "1.0", "1", "v1" -> MercureProtocol.V1;
            default -> throw new IllegalArgumentException("takes both or 1.0, not " + name);
        };
    }

    /** Applies {@code option}'s value when one was given; a refusal names the option. */
    private <T> void apply(HubOption<T> option, Consumer<T> setter) {
        if (values.isSet(option)) {
            apply(option, values.get(option), setter);
        }
    }

    private <T> void apply(HubOption<?> option, T value, Consumer<T> setter) {
        try {
            setter.accept(value);
        } catch (InvalidOptionException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException(option, e.getMessage(), e);
        }
    }
}
