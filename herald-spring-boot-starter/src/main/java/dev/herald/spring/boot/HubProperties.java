package dev.herald.spring.boot;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code herald.hub.*} properties: the hub's settings, named as the options of {@code herald serve}.
 *
 * @param enabled Whether to run a hub in this application.
 * @param path Where the application's server serves the hub, relative to its context path.
 * @param port Serve the hub on this port of its own instead of the application's server (0 for any free port).
 * @param host With herald.hub.port, the interface to listen on.
 * @param jwtKey The key verifying publishers' and subscribers' tokens: an HMAC secret, or a PEM key.
 * @param jwtAlgorithm The tokens' algorithm: HS256, HS384, HS512, RS256, ES256, EdDSA...
 * @param issuers Trusted issuers (iss) of Mercure 1.0 access tokens signed with herald.hub.jwt-key.
 * @param jwksUris Trusted issuers whose access tokens are signed with a key of a JWK Set, as ISSUER=URL.
 * @param resourceIdentifier The audience access tokens must carry; by default the URL of each request's hub.
 * @param anonymous Whether subscribers without a token (nor an answer from the application) are accepted.
 * @param corsOrigins Origins browsers may call the hub from, with credentials; * for any, without.
 * @param historySize How many updates are kept for replay, in memory or in the sqlite: file.
 * @param heartbeat The interval of the keep-alive comment on idle streams; 0 disables it.
 * @param subscriptions Whether to publish subscription events and serve the subscriptions API.
 * @param transport Where updates are logged: memory, sqlite:PATH (herald-sqlite) or redis://host:port
 *     (herald-redis).
 */
@ConfigurationProperties("herald.hub")
public record HubProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("/.well-known/mercure") String path,
        Integer port,
        @DefaultValue("127.0.0.1") String host,
        String jwtKey,
        @DefaultValue("HS256") String jwtAlgorithm,
        List<String> issuers,
        List<String> jwksUris,
        String resourceIdentifier,
        @DefaultValue("false") boolean anonymous,
        List<String> corsOrigins,
        @DefaultValue("10000") int historySize,
        @DefaultValue("40s") Duration heartbeat,
        @DefaultValue("false") boolean subscriptions,
        @DefaultValue("memory") String transport) {

    /** Unset lists are empty. */
    public HubProperties {
        issuers = issuers == null ? List.of() : List.copyOf(issuers);
        jwksUris = jwksUris == null ? List.of() : List.copyOf(jwksUris);
        corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
    }

    /** The properties, the key's material left out: it is a secret. */
    @Override
    public String toString() {
        return "HubProperties[path=" + path + ", port=" + port + ", host=" + host + ", jwtKey="
                + (jwtKey == null ? "unset" : "hidden") + ", jwtAlgorithm=" + jwtAlgorithm + ", issuers=" + issuers
                + ", jwksUris=" + jwksUris + ", resourceIdentifier=" + resourceIdentifier + ", anonymous=" + anonymous
                + ", corsOrigins=" + corsOrigins + ", historySize=" + historySize + ", heartbeat=" + heartbeat
                + ", subscriptions=" + subscriptions + ", transport=" + transport + "]";
    }

    /** Whether the hub listens on a port of its own (herald.hub.port is set) rather than the application's. */
    public boolean standalone() {
        return port != null;
    }
}
