package dev.herald.hub.internal.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.Closeable;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One issuer's signing keys, read from its JWK Set. Fetching, caching, refreshing on an unknown {@code kid} and rate
 * limiting are Nimbus's ({@link JWKSourceBuilder}); this class picks the keys that may verify a given token and turns
 * them into verifiers.
 *
 * <p>Tokens are validated on the hub's event loops, which must not wait for the network. So the set is fetched
 * once at start ({@link #prefetch()}, in the background) and then refreshed ahead of its expiry by Nimbus's own
 * scheduler, which {@link #close()} stops: a token meets a fetch on its own thread only when it names a key the
 * cached set lacks (rate-limited) or when the issuer has been unreachable, and such a fetch is bounded by short
 * timeouts.
 */
final class JwksKeys implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JwksKeys.class);

    private static final int CONNECT_TIMEOUT_MILLIS = 1_000;
    private static final int READ_TIMEOUT_MILLIS = 1_000;
    /** How long a token waits for another thread's fetch of the same set before giving up. */
    private static final long WAIT_FOR_REFRESH_MILLIS = 2_500;
    /**
     * The algorithms a JWK Set may verify: asymmetric ones only, since a published HMAC secret is no secret. The
     * algorithm is bound to the key through the JWK's {@code kty}, {@code crv} and {@code alg}.
     */
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
            JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    private final JwksEndpoint endpoint;
    private final JWKSource<SecurityContext> source;

    /** The keys of {@code endpoint}, fetched when first needed. */
    JwksKeys(JwksEndpoint endpoint, JwksRefresh refresh) {
        this(endpoint, refresh, new DefaultResourceRetriever(CONNECT_TIMEOUT_MILLIS, READ_TIMEOUT_MILLIS,
                JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT));
    }

    /** The keys of {@code endpoint} as {@code retriever} fetches them: the fuzz test serves sets without a server. */
    JwksKeys(JwksEndpoint endpoint, JwksRefresh refresh, ResourceRetriever retriever) {
        this.endpoint = endpoint;
        URL url;
        try {
            url = endpoint.uri().toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid JWK Set URL " + endpoint.uri() + ": " + e.getMessage(), e);
        }
        long period = refresh.period().toMillis();
        // Nimbus requires the refresh to start early enough to finish, waits included, before the set expires.
        long ahead = Math.min(JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME, period - WAIT_FOR_REFRESH_MILLIS);
        JWKSourceBuilder<SecurityContext> builder = JWKSourceBuilder.<SecurityContext>create(url, retriever)
                .cache(period, WAIT_FOR_REFRESH_MILLIS)
                .rateLimited(refresh.minimumInterval().toMillis());
        this.source = (ahead > 0 ? builder.refreshAheadCache(ahead, true) : builder.refreshAheadCache(false)).build();
    }

    /** Fetches the set in the background, so that the first tokens do not wait for it on an event loop. */
    void prefetch() {
        CompletableFuture.runAsync(() -> {
            try {
                source.get(new JWKSelector(new JWKMatcher.Builder().build()), null);
            } catch (KeySourceException e) {
                LOG.warn("cannot get the JWK Set of issuer {} from {}: {}", endpoint.issuer(), endpoint.uri(),
                        e.getMessage());
            }
        });
    }

    /** Stops the scheduled refreshes. */
    @Override
    public void close() {
        if (source instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException e) {
                LOG.debug("closing the JWK Set source of {}: {}", endpoint.issuer(), e.toString());
            }
        }
    }

    /**
     * The verifiers of the keys that may have signed a token with {@code header}: keys of the algorithm's type (and
     * curve), usable for signatures, whose {@code alg} is the token's or absent, and whose {@code kid} is the token's
     * when it names one. Fetches the set when the cache has expired or lacks a key the token names.
     *
     * @return the candidate verifiers, empty when no key of the set matches
     * @throws AuthException {@code invalid_token} when the set cannot be had (unreachable, malformed, rate-limited)
     */
    List<JWSVerifier> verifiers(JWSHeader header) throws AuthException {
        JWSAlgorithm algorithm = header.getAlgorithm();
        if (!ALGORITHMS.contains(algorithm)) {
            return List.of();
        }
        List<JWK> keys;
        try {
            keys = source.get(new JWKSelector(JWKMatcher.forJWSHeader(header)), null);
        } catch (RateLimitReachedException e) {
            // Expected under a flood of unknown key ids: not worth a warning each.
            LOG.debug("JWK Set of issuer {} not refetched: rate limit reached", endpoint.issuer());
            throw AuthException.invalidToken("no key of issuer " + endpoint.issuer() + " matches the token");
        } catch (KeySourceException e) {
            LOG.warn("cannot get the JWK Set of issuer {} from {}: {}", endpoint.issuer(), endpoint.uri(),
                    e.getMessage());
            throw AuthException.invalidToken("the signing keys of issuer " + endpoint.issuer() + " are unavailable");
        }
        List<JWSVerifier> verifiers = new ArrayList<>();
        for (JWK key : keys) {
            verifier(key, algorithm).ifPresent(verifiers::add);
        }
        return verifiers;
    }

    private Optional<JWSVerifier> verifier(JWK key, JWSAlgorithm algorithm) {
        try {
            if (key instanceof RSAKey rsa && JWSAlgorithm.Family.RSA.contains(algorithm)) {
                RSAPublicKey publicKey = rsa.toRSAPublicKey();
                if (publicKey.getModulus().bitLength() < KeyMaterial.MIN_RSA_BITS) {
                    LOG.warn("ignoring RSA key {} of issuer {}: shorter than {} bits", key.getKeyID(),
                            endpoint.issuer(), KeyMaterial.MIN_RSA_BITS);
                    return Optional.empty();
                }
                return Optional.of(new RSASSAVerifier(publicKey));
            }
            if (key instanceof ECKey ec && JWSAlgorithm.Family.EC.contains(algorithm)
                    && Curve.forJWSAlgorithm(algorithm).contains(ec.getCurve())) {
                return Optional.of(new ECDSAVerifier(ec.toECPublicKey()));
            }
            if (key instanceof OctetKeyPair okp && JWSAlgorithm.Family.ED.contains(algorithm)
                    && Curve.Ed25519.equals(okp.getCurve())) {
                return Optional.of(Ed25519Verifier.of(okp.getDecodedX()));
            }
        } catch (JOSEException | IllegalArgumentException e) {
            LOG.warn("ignoring unusable key {} of issuer {}: {}", key.getKeyID(), endpoint.issuer(), e.getMessage());
        }
        return Optional.empty();
    }
}
