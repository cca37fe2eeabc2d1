package dev.herald.hub.internal.auth;

import dev.herald.hub.KeySpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the hub validates tokens.
 *
 * <p>Two token dialects exist. A <em>legacy token</em> (Mercure 0.x) is any JWT signed with the role's key
 * ({@link #publisherKey()} or {@link #subscriberKey()}, bound to no issuer), whose {@code mercure} claim (or its
 * namespaced form {@code https://mercure.rocks/}) lists {@code publish} and {@code subscribe} selectors and a
 * {@code payload}; {@code exp} and {@code nbf} are enforced when present. An <em>access token</em> (Mercure 1.0,
 * RFC 9068) has the header {@code typ: at+jwt}, an {@code iss} among {@link #trustedIssuers()}, a signature by a key
 * of that issuer, an {@code aud} naming the hub's resource identifier, a required {@code exp}, and grants through
 * {@code authorization_details}.
 *
 * <p>Each trusted key belongs to one issuer, as Mercure 1.0 requires, so that a token signed by one trusted issuer is
 * never accepted under another's identity. An issuer's keys are: the role keys, when the issuer is one of
 * {@link #roleKeyIssuers()} (the {@code --jwt-key} + {@code --issuer} setup); its {@link #issuerKeys()}; and the JWK
 * Set of its {@link #jwksEndpoints()}. A hub with no issuer at all refuses every access token: the specification
 * requires a trusted issuer, and accepting any {@code iss} would let every holder of the role key claim any identity.
 *
 * <p>Which dialect a token is read in:
 * <ul>
 *   <li>both enabled (the default, for a hub serving 0.x and 1.0 clients): a token typed {@code at+jwt} is an access
 *       token, validated strictly; any other token is a legacy token. A legacy token that carries
 *       {@code authorization_details} is granted by them instead of its {@code mercure} claim, as the reference hub
 *       does in its compatibility mode;</li>
 *   <li>only {@link #accessTokens()} (a 1.0-only hub): every token must be an access token; the 0.x cookie and query
 *       parameter are not read;</li>
 *   <li>only {@link #legacyTokens()} (a 0.x-only hub): every token is a legacy token, whatever its {@code typ};
 *       the 1.0 cookie is not read.</li>
 * </ul>
 *
 * @param publisherKey verifies publishers' legacy tokens, and publishers' access tokens of {@code roleKeyIssuers}
 * @param subscriberKey verifies subscribers' legacy tokens, and subscribers' access tokens of {@code roleKeyIssuers}
 * @param roleKeyIssuers the issuers the role keys are bound to ({@code --issuer}); each is trusted
 * @param issuerKeys static keys bound to one issuer each, for both roles; each issuer is trusted
 * @param jwksEndpoints issuers trusted with the keys of their JWK Set, for both roles
 * @param jwksRefresh how the JWK Sets are cached and refreshed
 * @param resourceIdentifier the hub's OAuth resource identifier, required in access tokens' {@code aud}; when empty,
 *     the identifier the caller derives from each request is used
 * @param legacyTokens whether Mercure 0.x tokens are accepted
 * @param accessTokens whether Mercure 1.0 access tokens are accepted
 * @param publishOrigins the origins ({@code https://example.com}, or {@code *}) from which a browser may publish with
 *     the authorization cookie; cookie-authenticated publishing from any other origin is refused as cross-site
 *     request forgery
 */
public record AuthSettings(
        Optional<KeySpec> publisherKey, Optional<KeySpec> subscriberKey, List<String> roleKeyIssuers,
        List<IssuerKey> issuerKeys, List<JwksEndpoint> jwksEndpoints, JwksRefresh jwksRefresh,
        Optional<String> resourceIdentifier, boolean legacyTokens, boolean accessTokens,
        List<String> publishOrigins) {

    /** Checks for nulls, copies the lists, and requires at least one dialect and one JWK Set per issuer. */
    public AuthSettings {
        Objects.requireNonNull(publisherKey, "publisherKey");
        Objects.requireNonNull(subscriberKey, "subscriberKey");
        roleKeyIssuers = List.copyOf(roleKeyIssuers);
        issuerKeys = List.copyOf(issuerKeys);
        jwksEndpoints = List.copyOf(jwksEndpoints);
        Objects.requireNonNull(jwksRefresh, "jwksRefresh");
        Objects.requireNonNull(resourceIdentifier, "resourceIdentifier");
        publishOrigins = List.copyOf(publishOrigins);
        if (!legacyTokens && !accessTokens) {
            throw new IllegalArgumentException("at least one token dialect must be accepted");
        }
        if (roleKeyIssuers.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("an issuer identifier must not be blank");
        }
        if (jwksEndpoints.stream().map(JwksEndpoint::issuer).distinct().count() != jwksEndpoints.size()) {
            throw new IllegalArgumentException("one JWK Set URL per issuer");
        }
    }

    /** Settings with role keys bound to {@code roleKeyIssuers} and no other key source. */
    public AuthSettings(Optional<KeySpec> publisherKey, Optional<KeySpec> subscriberKey, List<String> roleKeyIssuers,
            Optional<String> resourceIdentifier, boolean legacyTokens, boolean accessTokens,
            List<String> publishOrigins) {
        this(publisherKey, subscriberKey, roleKeyIssuers, List.of(), List.of(), JwksRefresh.DEFAULT,
                resourceIdentifier, legacyTokens, accessTokens, publishOrigins);
    }

    /** The same, without cookie-authenticated publishing from browsers. */
    public AuthSettings(Optional<KeySpec> publisherKey, Optional<KeySpec> subscriberKey, List<String> roleKeyIssuers,
            Optional<String> resourceIdentifier, boolean legacyTokens, boolean accessTokens) {
        this(publisherKey, subscriberKey, roleKeyIssuers, resourceIdentifier, legacyTokens, accessTokens, List.of());
    }

    /**
     * The issuers that are OAuth authorization servers, for protected resource metadata: those whose keys come from
     * a JWK Set. Issuers with statically configured keys are self-issuing publishers, which RFC 9728 leaves out.
     */
    public List<String> authorizationServers() {
        return jwksEndpoints.stream().map(JwksEndpoint::issuer).toList();
    }

    /** Both dialects, one key for both roles bound to no issuer (so legacy tokens only), the audience from requests. */
    public static AuthSettings withKey(KeySpec key) {
        return new AuthSettings(Optional.of(key), Optional.of(key), List.of(), Optional.empty(), true, true);
    }

    /** Every issuer whose access tokens are accepted, each once, in configuration order. */
    public List<String> trustedIssuers() {
        Set<String> issuers = new LinkedHashSet<>(roleKeyIssuers);
        issuerKeys.forEach(key -> issuers.add(key.issuer()));
        jwksEndpoints.forEach(endpoint -> issuers.add(endpoint.issuer()));
        return List.copyOf(issuers);
    }
}
