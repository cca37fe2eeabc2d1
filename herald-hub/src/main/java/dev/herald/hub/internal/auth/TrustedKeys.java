package dev.herald.hub.internal.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.hub.KeySpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys the hub verifies signatures with, each bound to what it may verify: the role keys verify legacy tokens of
 * their role, and access tokens of their role from the issuers they are bound to; issuer keys and JWK Sets verify
 * access tokens of their own issuer only. A token never picks its key beyond a hint: its {@code alg} and {@code kid}
 * select among trusted keys, and key material it carries ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}) is
 * never read.
 */
final class TrustedKeys implements AutoCloseable {

    /** Whose token is checked: the static role keys differ between publishers and subscribers. */
    enum Role {
        /** A publisher's token, verified with the publisher key. */
        PUBLISHER,
        /** A subscriber's token, verified with the subscriber key. */
        SUBSCRIBER
    }

    /** A configured key and its verifier, built once. */
    private record StaticKey(KeyMaterial material, JWSVerifier verifier) {

        static StaticKey of(KeySpec spec) {
            KeyMaterial material = KeyMaterial.of(spec.algorithm(), spec.material());
            return new StaticKey(material, material.verifier());
        }
    }

    private final Optional<StaticKey> publisherKey;
    private final Optional<StaticKey> subscriberKey;
    private final Set<String> roleKeyIssuers;
    private final Map<String, List<StaticKey>> issuerKeys = new HashMap<>();
    private final Map<String, JwksKeys> jwks = new HashMap<>();
    private final Set<String> issuers;

    /** The keys of {@code settings}; JWK Sets are fetched when first needed. */
    TrustedKeys(AuthSettings settings) {
        this.publisherKey = settings.publisherKey().map(StaticKey::of);
        this.subscriberKey = settings.subscriberKey().map(StaticKey::of);
        this.roleKeyIssuers = Set.copyOf(settings.roleKeyIssuers());
        for (IssuerKey key : settings.issuerKeys()) {
            issuerKeys.computeIfAbsent(key.issuer(), issuer -> new ArrayList<>())
                    .add(StaticKey.of(key.key()));
        }
        for (JwksEndpoint endpoint : settings.jwksEndpoints()) {
            jwks.put(endpoint.issuer(), new JwksKeys(endpoint, settings.jwksRefresh()));
        }
        this.issuers = new HashSet<>(settings.trustedIssuers());
    }

    /** Starts fetching every JWK Set in the background. */
    void prefetch() {
        jwks.values().forEach(JwksKeys::prefetch);
    }

    /** Stops the JWK Sets' scheduled refreshes. */
    @Override
    public void close() {
        jwks.values().forEach(JwksKeys::close);
    }

    /** Whether any issuer is trusted: without one, no access token can be accepted. */
    boolean hasIssuers() {
        return !issuers.isEmpty();
    }

    /** Whether {@code issuer} is, byte for byte, the identifier of a trusted issuer. */
    boolean trusts(String issuer) {
        return issuers.contains(issuer);
    }

    /**
     * Verifies a legacy token's signature with the role key, whose algorithm the token must use.
     *
     * @throws AuthException {@code invalid_token} when the hub has no key for the role or the signature is bad
     */
    void verifyLegacyToken(SignedJWT jwt, Role role) throws AuthException {
        StaticKey key = roleKey(role).orElseThrow(() -> AuthException.invalidToken(
                "this hub has no key to verify " + role.name().toLowerCase(Locale.ROOT) + " tokens"));
        // Pinning the algorithm to the key's prevents algorithm confusion (RFC 8725 section 3.1).
        if (!jwt.getHeader().getAlgorithm().equals(key.material().algorithm())) {
            throw AuthException.invalidToken("the token's algorithm " + jwt.getHeader().getAlgorithm()
                    + " is not the one this hub verifies with");
        }
        requireSignedByOneOf(jwt, List.of(key.verifier()));
    }

    /**
     * Verifies an access token's signature with the keys of {@code issuer} for the role, and no other: those whose
     * algorithm is the token's (and whose {@code kid} is, for JWK Set keys that have one).
     *
     * @param issuer the token's {@code iss}, already known to be trusted
     * @throws AuthException {@code invalid_token} when no key of the issuer verifies the signature or the issuer's
     *     JWK Set cannot be had
     */
    void verifyAccessToken(SignedJWT jwt, Role role, String issuer) throws AuthException {
        JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        List<JWSVerifier> statics = new ArrayList<>();
        List<StaticKey> keys = new ArrayList<>(issuerKeys.getOrDefault(issuer, List.of()));
        if (roleKeyIssuers.contains(issuer)) {
            roleKey(role).ifPresent(keys::add);
        }
        for (StaticKey key : keys) {
            if (key.material().algorithm().equals(algorithm)) {
                statics.add(key.verifier());
            }
        }
        // Static keys first: they need no fetch, so an unreachable JWK Set does not refuse what they verify.
        if (signedByOneOf(jwt, statics)) {
            return;
        }
        JwksKeys set = jwks.get(issuer);
        List<JWSVerifier> fetched = set == null ? List.of() : set.verifiers(jwt.getHeader());
        if (statics.isEmpty() && fetched.isEmpty()) {
            throw AuthException.invalidToken("no " + role.name().toLowerCase(Locale.ROOT) + " key of issuer " + issuer
                    + " verifies " + algorithm + " tokens" + (jwt.getHeader().getKeyID() == null ? ""
                    : " with key id " + jwt.getHeader().getKeyID()));
        }
        if (!signedByOneOf(jwt, fetched)) {
            throw AuthException.invalidToken("invalid signature");
        }
    }

    private Optional<StaticKey> roleKey(Role role) {
        return role == Role.PUBLISHER ? publisherKey : subscriberKey;
    }

    private static void requireSignedByOneOf(SignedJWT jwt, List<JWSVerifier> verifiers) throws AuthException {
        if (!signedByOneOf(jwt, verifiers)) {
            throw AuthException.invalidToken("invalid signature");
        }
    }

    private static boolean signedByOneOf(SignedJWT jwt, List<JWSVerifier> verifiers) {
        for (JWSVerifier verifier : verifiers) {
            try {
                if (jwt.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException | IllegalStateException e) {
                // A key that cannot verify this token (wrong type, malformed signature) is just not its key.
            }
        }
        return false;
    }
}
