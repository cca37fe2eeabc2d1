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
import java.net.MalformedURLException;
import java.net.URL;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One issuer's signing keys, read from its JWK Set. Fetching, caching, refreshing on an unknown {@code kid} and rate
 * limiting are Nimbus's ({@link JWKSourceBuilder}); this class picks the keys that may verify a given token and turns
 * them into verifiers.
 *
 * <p>Fetches happen on the thread validating the token, when the cached set has expired or lacks the token's key, so
 * they are bounded by short timeouts. Nothing runs in the background: there is nothing to stop when the hub closes.
 */
final class JwksKeys {

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
        this.endpoint = endpoint;
        URL url;
        try {
            url = endpoint.uri().toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid JWK Set URL " + endpoint.uri() + ": " + e.getMessage(), e);
        }
        DefaultResourceRetriever retriever = new DefaultResourceRetriever(CONNECT_TIMEOUT_MILLIS, READ_TIMEOUT_MILLIS,
                JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT);
        this.source = JWKSourceBuilder.<SecurityContext>create(url, retriever)
                .cache(refresh.period().toMillis(), WAIT_FOR_REFRESH_MILLIS)
                // Refresh-ahead would refresh on a background executor, which nothing could shut down.
                .refreshAheadCache(false)
                .rateLimited(refresh.minimumInterval().toMillis())
                .build();
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
