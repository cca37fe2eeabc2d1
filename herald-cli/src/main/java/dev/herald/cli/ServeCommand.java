package dev.herald.cli;

import dev.herald.hub.Hub;
import dev.herald.hub.HubBuilder;
import dev.herald.hub.KeySpec;
import dev.herald.hub.MercureProtocol;
import dev.herald.hub.MercureToken;
import dev.herald.hub.TransportSpec;
import dev.herald.redis.RedisTransport;
import dev.herald.sqlite.HistoryFileException;
import dev.herald.sqlite.SqliteTransport;
import dev.herald.sqlite.Sync;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code herald serve}: runs the hub until interrupted. Every option can also come from a HERALD_ variable. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the Mercure-compatible hub.",
            "With no key it makes one for this run, allows anonymous subscribers and prints a publisher token."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--addr", defaultValue = "${env:HERALD_ADDR:-127.0.0.1:8080}",
            description = "Where to listen, host:port (env HERALD_ADDR; default ${DEFAULT-VALUE}).")
    String addr;

    @Option(names = "--jwt-key", defaultValue = "${env:HERALD_JWT_KEY}",
            description = "Key verifying publishers' and subscribers' tokens: an HMAC secret, or a PEM key or PEM "
                    + "file for RS256/ES256 (env HERALD_JWT_KEY).")
    String jwtKey;

    @Option(names = "--publisher-jwt-key", defaultValue = "${env:HERALD_PUBLISHER_JWT_KEY}",
            description = "Key verifying publishers' tokens (env HERALD_PUBLISHER_JWT_KEY).")
    String publisherJwtKey;

    @Option(names = "--subscriber-jwt-key", defaultValue = "${env:HERALD_SUBSCRIBER_JWT_KEY}",
            description = "Key verifying subscribers' tokens (env HERALD_SUBSCRIBER_JWT_KEY).")
    String subscriberJwtKey;

    @Option(names = "--jwt-alg", defaultValue = "${env:HERALD_JWT_ALG:-HS256}",
            description = "Token algorithm: HS256, HS384, HS512, RS256, ES256, EdDSA (public key)... "
                    + "(env HERALD_JWT_ALG; "
                    + "default ${DEFAULT-VALUE}).")
    String jwtAlg;

    @Option(names = "--issuer", split = ",", defaultValue = "${env:HERALD_ISSUER}",
            description = "A trusted issuer (iss) of Mercure 1.0 access tokens signed with the JWT keys above; "
                    + "repeatable (env HERALD_ISSUER, comma-separated). Without --issuer or --jwks-uri, access tokens "
                    + "are refused.")
    List<String> issuers = new ArrayList<>();

    @Option(names = "--jwks-uri", split = ",", defaultValue = "${env:HERALD_JWKS_URI}", paramLabel = "ISSUER=URL",
            description = "Trust ISSUER's access tokens signed with a key of the JWK Set at URL (https, or http to "
                    + "a loopback address), split at the first '='; the set is cached, refetched every 5 minutes "
                    + "and when a token names an unknown key; repeatable (env HERALD_JWKS_URI, comma-separated).")
    List<String> jwksUris = new ArrayList<>();

    @Option(names = "--resource-identifier", defaultValue = "${env:HERALD_RESOURCE_IDENTIFIER}",
            description = "The audience access tokens must carry; by default the URL of each request's hub "
                    + "(env HERALD_RESOURCE_IDENTIFIER).")
    String resourceIdentifier;

    @Option(names = "--anonymous", defaultValue = "${env:HERALD_ANONYMOUS:-false}", fallbackValue = "true",
            arity = "0..1", description = "Accept subscribers without a token (env HERALD_ANONYMOUS).")
    boolean anonymous;

    @Option(names = "--cors-origin", split = ",", defaultValue = "${env:HERALD_CORS_ORIGIN}",
            description = "An origin browsers may call the hub from, with credentials; repeatable "
                    + "(env HERALD_CORS_ORIGIN, comma-separated).")
    List<String> corsOrigins = new ArrayList<>();

    @Option(names = "--history-size", defaultValue = "${env:HERALD_HISTORY_SIZE:-10000}",
            description = "Updates kept for replay, in memory or in the sqlite: file (env HERALD_HISTORY_SIZE; "
                    + "default ${DEFAULT-VALUE}).")
    int historySize;

    @Option(names = "--history-max-bytes", defaultValue = "${env:HERALD_HISTORY_MAX_BYTES:-0}",
            description = "About how much heap in-memory history may take; the oldest updates leave past it "
                    + "(env HERALD_HISTORY_MAX_BYTES; default 0: a quarter of the maximum heap).")
    long historyMaxBytes;

    @Option(names = "--heartbeat", defaultValue = "${env:HERALD_HEARTBEAT:-40s}",
            description = "Keep-alive comment interval, 0 to disable (env HERALD_HEARTBEAT; default ${DEFAULT-VALUE}).")
    Duration heartbeat;

    @Option(names = "--subscriptions", defaultValue = "${env:HERALD_SUBSCRIPTIONS:-false}", fallbackValue = "true",
            arity = "0..1", description = "Publish subscription events and serve the subscriptions API "
                    + "(env HERALD_SUBSCRIPTIONS).")
    boolean subscriptions;

    @Option(names = "--protocol", defaultValue = "${env:HERALD_PROTOCOL:-both}",
            description = "Mercure dialects: both or 1.0 (env HERALD_PROTOCOL; default ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--transport", defaultValue = "${env:HERALD_TRANSPORT:-memory}",
            description = "Where updates are logged: memory; sqlite:PATH to keep history in a file that survives "
                    + "restarts, a publish answered only once it is committed; or redis://[:password@]host:port[/db] "
                    + "(rediss:// for TLS) to share one log among several nodes (env HERALD_TRANSPORT; default "
                    + "${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--sync", defaultValue = "${env:HERALD_SYNC:-full}",
            description = "With a sqlite: transport, how far a commit goes before a publish is answered: full "
                    + "(flushed to the disk: survives a crash and a power loss) or normal (written to the file: "
                    + "survives a crash of the hub, may lose the last moments on a power loss) (env HERALD_SYNC; "
                    + "default ${DEFAULT-VALUE}).")
    String sync;

    @Option(names = "--history-max-age", defaultValue = "${env:HERALD_HISTORY_MAX_AGE:-0}",
            description = "With a sqlite: transport, updates older than this are trimmed; 0 for no age limit "
                    + "(env HERALD_HISTORY_MAX_AGE; default ${DEFAULT-VALUE}).")
    Duration historyMaxAge;

    @Option(names = "--redis-stream", defaultValue = "${env:HERALD_REDIS_STREAM:-herald:updates}",
            description = "With a redis:// transport, the stream key; nodes sharing it form one hub "
                    + "(env HERALD_REDIS_STREAM; default ${DEFAULT-VALUE}).")
    String redisStream;

    @Option(names = "--redis-max-length", defaultValue = "${env:HERALD_REDIS_MAX_LENGTH:-100000}",
            description = "With a redis:// transport, about how many updates the stream keeps for replay "
                    + "(XADD MAXLEN ~; env HERALD_REDIS_MAX_LENGTH; default ${DEFAULT-VALUE}).")
    long redisMaxLength;

    @Option(names = "--max-connections", defaultValue = "${env:HERALD_MAX_CONNECTIONS}",
            description = "Connections beyond this get 503 (env HERALD_MAX_CONNECTIONS; default: the open-file "
                    + "limit less a tenth of it, at least 256, kept for the JVM, Redis and answering refused "
                    + "connections; the hub logs the figure at start).")
    Integer maxConnections;

    @Option(names = "--request-head-timeout", defaultValue = "${env:HERALD_REQUEST_HEAD_TIMEOUT:-10s}",
            description = "How long an HTTP/1.1 client has to send a request head (and the longest pause in a body) "
                    + "before it gets 408; also the TLS handshake's limit. Streams are not timed "
                    + "(env HERALD_REQUEST_HEAD_TIMEOUT; default ${DEFAULT-VALUE}).")
    Duration requestHeadTimeout;

    @Option(names = "--keep-alive-timeout", defaultValue = "${env:HERALD_KEEP_ALIVE_TIMEOUT:-75s}",
            description = "How long an idle HTTP/1.1 connection that is not a stream is kept open between requests "
                    + "(env HERALD_KEEP_ALIVE_TIMEOUT; default ${DEFAULT-VALUE}: longer than the 60 s of common "
                    + "proxies in front, so that they close first).")
    Duration keepAliveTimeout;

    @Option(names = "--max-queued-bytes", defaultValue = "${env:HERALD_MAX_QUEUED_BYTES:-262144}",
            description = "Unread bytes after which a slow subscriber is cut off (env HERALD_MAX_QUEUED_BYTES; "
                    + "default ${DEFAULT-VALUE}).")
    int maxQueuedBytes;

    @Option(names = "--max-request-bytes", defaultValue = "${env:HERALD_MAX_REQUEST_BYTES:-1048576}",
            description = "Largest request body; larger get 413 (env HERALD_MAX_REQUEST_BYTES; "
                    + "default ${DEFAULT-VALUE}).")
    int maxRequestBytes;

    @Option(names = "--io-threads", defaultValue = "${env:HERALD_IO_THREADS:-0}",
            description = "Event-loop threads; 0 = one per processor (env HERALD_IO_THREADS).")
    int ioThreads;

    @Option(names = "--tls-cert", defaultValue = "${env:HERALD_TLS_CERT}",
            description = "PEM certificate chain: serve HTTPS, HTTP/2 and HTTP/1.1 by ALPN (env HERALD_TLS_CERT).")
    Path tlsCert;

    @Option(names = "--tls-key", defaultValue = "${env:HERALD_TLS_KEY}",
            description = "PEM private key of the certificate (env HERALD_TLS_KEY).")
    Path tlsKey;

    @Override
    public Integer call() throws IOException, InterruptedException {
        HubBuilder builder = Hub.builder();
        int colon = addr.lastIndexOf(':');
        if (colon < 0) {
            throw new ParameterException(spec.commandLine(), "--addr must be host:port, got " + addr);
        }
        builder.address(addr.substring(0, colon).replace("[", "").replace("]", ""),
                Integer.parseInt(addr.substring(colon + 1)));

        String generatedSecret = null;
        jwksUris.removeIf(String::isBlank);
        if (jwtKey == null && publisherJwtKey == null && subscriberJwtKey == null && jwksUris.isEmpty()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            generatedSecret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            jwtKey = generatedSecret;
            jwtAlg = "HS256";
            anonymous = true;
        }
        if (jwtKey != null) {
            builder.jwtKey(key(jwtKey));
        }
        if (publisherJwtKey != null) {
            builder.publisherKey(key(publisherJwtKey));
        }
        if (subscriberJwtKey != null) {
            builder.subscriberKey(key(subscriberJwtKey));
        }
        issuers.stream().filter(s -> !s.isBlank()).forEach(builder::trustedIssuer);
        for (String jwks : jwksUris) {
            int equals = jwks.indexOf('=');
            if (equals <= 0) {
                throw new ParameterException(spec.commandLine(), "--jwks-uri must be ISSUER=URL, got " + jwks);
            }
            try {
                builder.jwksUri(jwks.substring(0, equals).strip(), URI.create(jwks.substring(equals + 1).strip()));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "bad --jwks-uri " + jwks + ": " + e.getMessage());
            }
        }
        corsOrigins.stream().filter(s -> !s.isBlank()).forEach(builder::corsOrigin);
        if (resourceIdentifier != null) {
            builder.resourceIdentifier(resourceIdentifier);
        }
        builder.anonymous(anonymous).historySize(historySize).heartbeat(heartbeat).subscriptions(subscriptions)
                .protocol(parseProtocol()).maxQueuedBytesPerSubscriber(maxQueuedBytes)
                .maxRequestBytes(maxRequestBytes);
        try {
            if (maxConnections != null) {
                builder.maxConnections(maxConnections);
            }
            builder.requestHeadTimeout(requestHeadTimeout).keepAliveTimeout(keepAliveTimeout);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (ioThreads > 0) {
            builder.ioThreads(ioThreads);
        }
        if (historyMaxBytes > 0) {
            builder.historyMaxBytes(historyMaxBytes);
        }
        if (tlsCert != null || tlsKey != null) {
            if (tlsCert == null || tlsKey == null) {
                throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together");
            }
            builder.tls(tlsCert, tlsKey);
        }
        TransportSpec named;
        try {
            named = TransportSpec.parse(transport);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "bad --transport: " + e.getMessage());
        }
        if (named.kind() == TransportSpec.Kind.REDIS) {
            try {
                builder.transport(RedisTransport.builder(named.location()).streamKey(redisStream)
                        .maxLength(redisMaxLength).build());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "bad --transport, --redis-stream or --redis-max-length: " + e.getMessage());
            }
        } else if (named.kind() == TransportSpec.Kind.SQLITE) {
            try {
                builder.transport(SqliteTransport.builder(Path.of(named.location()))
                        .sync(Sync.parse(sync)).historySize(historySize).historyMaxAge(historyMaxAge).build());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "bad --transport, --sync, --history-size or "
                        + "--history-max-age: " + e.getMessage());
            } catch (HistoryFileException e) {
                // Not a usage error: the message says what is wrong with the file, without the usage text.
                spec.commandLine().getErr().println("herald serve: " + e.getMessage());
                return 1;
            }
        }

        Hub hub = builder.build();
        try {
            hub.start();
        } catch (IllegalStateException e) {
            // Not a usage error either: the port is taken or the host is not this machine's.
            spec.commandLine().getErr().println("herald serve: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            hub.close();
            stopped.countDown();
        }, "herald-shutdown"));
        System.out.println("Herald hub: " + hub.url() + "   page: " + hub.url().replace("/.well-known/mercure", "/"));
        if (generatedSecret != null) {
            printDevelopmentHelp(hub, generatedSecret);
        }
        stopped.await();
        return 0;
    }

    private void printDevelopmentHelp(Hub hub, String secret) {
        String token = MercureToken.builder().publish("*").subscribe("*").expiresIn(Duration.ofDays(1))
                .sign(KeySpec.parse("HS256", secret));
        System.out.println();
        System.out.println("No key given: this run uses a generated HS256 key and accepts anonymous subscribers.");
        System.out.println("Publisher token (valid 24 h):");
        System.out.println("  " + token);
        System.out.println("Try it:");
        System.out.println("  curl -N '" + hub.url() + "?topic=demo'");
        System.out.println("  curl -X POST '" + hub.url() + "' -H 'Authorization: Bearer " + token + "' \\");
        System.out.println("       -d topic=demo -d data=hello");
        System.out.println();
    }

    private KeySpec key(String material) throws IOException {
        String value = material;
        if (!material.startsWith("-----BEGIN") && !jwtAlg.toUpperCase(java.util.Locale.ROOT).startsWith("HS")) {
            Path file = Path.of(material);
            if (Files.isRegularFile(file)) {
                value = Files.readString(file);
            }
        }
        try {
            return KeySpec.parse(jwtAlg, value);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "invalid key: " + e.getMessage());
        }
    }

    private MercureProtocol parseProtocol() {
        return switch (protocol.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "both" -> MercureProtocol.BOTH;
            case "1.0", "1", "v1" -> MercureProtocol.V1;
            default -> throw new ParameterException(spec.commandLine(), "--protocol is both or 1.0, not " + protocol);
        };
    }
}
