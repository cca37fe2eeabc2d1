package dev.herald.hub.internal.auth;

import dev.herald.hub.KeySpec;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the hub validates tokens.
 *
 * <p>Two token dialects exist. A <em>legacy token</em> (Mercure 0.x) is any JWT signed with the role's key, whose
 * {@code mercure} claim (or its namespaced form {@code https://mercure.rocks/}) lists {@code publish} and
 * {@code subscribe} selectors and a {@code payload}; {@code exp} and {@code nbf} are enforced when present. An
 * <em>access token</em> (Mercure 1.0, RFC 9068) has the header {@code typ: at+jwt}, an {@code iss} among
 * {@link #trustedIssuers()} (not checked when that list is empty: self-issued tokens), an {@code aud} naming the
 * hub's resource identifier, a required {@code exp}, and grants through {@code authorization_details}.
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
 * @param publisherKey verifies publishers' tokens; without it every publisher token is refused
 * @param subscriberKey verifies subscribers' tokens; without it every subscriber token is refused
 * @param trustedIssuers the {@code iss} values access tokens may carry; empty to accept any (self-issued tokens)
 * @param resourceIdentifier the hub's OAuth resource identifier, required in access tokens' {@code aud}; when empty,
 *     the identifier the caller derives from each request is used
 * @param legacyTokens whether Mercure 0.x tokens are accepted
 * @param accessTokens whether Mercure 1.0 access tokens are accepted
 * @param publishOrigins the origins ({@code https://example.com}, or {@code *}) from which a browser may publish with
 *     the authorization cookie; cookie-authenticated publishing from any other origin is refused as cross-site
 *     request forgery
 */
public record AuthSettings(
        Optional<KeySpec> publisherKey, Optional<KeySpec> subscriberKey, List<String> trustedIssuers,
        Optional<String> resourceIdentifier, boolean legacyTokens, boolean accessTokens,
        List<String> publishOrigins) {

    /** Checks for nulls, copies the lists, and requires at least one dialect. */
    public AuthSettings {
        Objects.requireNonNull(publisherKey, "publisherKey");
        Objects.requireNonNull(subscriberKey, "subscriberKey");
        trustedIssuers = List.copyOf(trustedIssuers);
        Objects.requireNonNull(resourceIdentifier, "resourceIdentifier");
        publishOrigins = List.copyOf(publishOrigins);
        if (!legacyTokens && !accessTokens) {
            throw new IllegalArgumentException("at least one token dialect must be accepted");
        }
    }

    /** Settings without cookie-authenticated publishing from browsers. */
    public AuthSettings(Optional<KeySpec> publisherKey, Optional<KeySpec> subscriberKey, List<String> trustedIssuers,
            Optional<String> resourceIdentifier, boolean legacyTokens, boolean accessTokens) {
        this(publisherKey, subscriberKey, trustedIssuers, resourceIdentifier, legacyTokens, accessTokens, List.of());
    }

    /**
     * The issuers that are OAuth authorization servers, for protected resource metadata: none while every trusted
     * key is configured statically (self-issued tokens, which RFC 9728 metadata leaves out).
     */
    public List<String> authorizationServers() {
        return List.of();
    }

    /** Both dialects, one key for both roles, no trusted issuer list, the audience derived from requests. */
    public static AuthSettings withKey(KeySpec key) {
        return new AuthSettings(Optional.of(key), Optional.of(key), List.of(), Optional.empty(), true, true);
    }
}
