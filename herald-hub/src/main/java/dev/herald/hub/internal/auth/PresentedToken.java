package dev.herald.hub.internal.auth;

import dev.herald.hub.frontend.Headers;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The token a request presents, and where it was found.
 *
 * <p><b>Where the token is read</b>, following Mercure 1.0 ("Presenting the Access Token"): the
 * {@code Authorization: Bearer} header when the request has one (then nothing else is read, and a malformed header is
 * an error rather than anonymous access); otherwise, when legacy tokens are accepted, the 0.x {@code authorization}
 * query parameter, which may carry only a legacy token (an access token there is refused: RFC 9700 forbids tokens in
 * URLs); otherwise a cookie: {@value Authorizer#ACCESS_TOKEN_COOKIE} when access tokens are accepted, then
 * {@value #LEGACY_COOKIE} when legacy tokens are. The first source present wins; the others are ignored.
 * The {@code access_token} query parameter of RFC 6750 is never read. A publisher authenticated by cookie with
 * {@code POST} must send an {@code Origin} (or {@code Referer}) listed in {@link AuthSettings#publishOrigins()}.
 *
 * @param token the compact JWT
 * @param source where it was found
 */
record PresentedToken(String token, Source source) {

    /** Where a token was found. */
    enum Source { HEADER, QUERY, COOKIE }

    /** The Mercure 0.x authorization cookie. */
    static final String LEGACY_COOKIE = "mercureAuthorization";
    /** The Mercure 0.x authorization query parameter. */
    static final String LEGACY_QUERY_PARAMETER = "authorization";

    /** Shorter than this, a string cannot be a compact JWS (two dots and three non-empty parts). */
    private static final int MIN_COMPACT_JWS_LENGTH = 41;
    private static final String BEARER = "Bearer ";

    /**
     * The token {@code request} presents, or empty when it presents none.
     *
     * @param query the request's decoded query parameters
     * @throws AuthException {@code invalid_request} for a malformed {@code Authorization} header or query parameter
     */
    static Optional<PresentedToken> find(Headers request, Map<String, List<String>> query, AuthSettings settings)
            throws AuthException {
        List<String> authorization = request.all("Authorization");
        if (!authorization.isEmpty()) {
            if (authorization.size() != 1) {
                throw AuthException.invalidRequest("more than one Authorization header");
            }
            String value = authorization.get(0);
            if (!value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw AuthException.invalidRequest("the Authorization header must use the Bearer scheme");
            }
            if (value.length() < BEARER.length() + MIN_COMPACT_JWS_LENGTH) {
                throw AuthException.invalidRequest("the bearer token is too short to be a JWT");
            }
            return Optional.of(new PresentedToken(value.substring(BEARER.length()), Source.HEADER));
        }
        List<String> parameter = query.get(LEGACY_QUERY_PARAMETER);
        if (settings.legacyTokens() && parameter != null) {
            if (parameter.size() != 1 || parameter.get(0).length() < MIN_COMPACT_JWS_LENGTH) {
                throw AuthException.invalidRequest("invalid \"" + LEGACY_QUERY_PARAMETER
                        + "\" query parameter");
            }
            return Optional.of(new PresentedToken(parameter.get(0), Source.QUERY));
        }
        List<Cookie> cookies = new ArrayList<>();
        for (String header : request.all("Cookie")) {
            cookies.addAll(ServerCookieDecoder.LAX.decodeAll(header));
        }
        List<String> names = new ArrayList<>();
        if (settings.accessTokens()) {
            names.add(Authorizer.ACCESS_TOKEN_COOKIE);
        }
        if (settings.legacyTokens()) {
            names.add(LEGACY_COOKIE);
        }
        for (String name : names) {
            for (Cookie cookie : cookies) {
                if (cookie.name().equals(name)) {
                    return Optional.of(new PresentedToken(cookie.value(), Source.COOKIE));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Cookies ride along with cross-site requests: cookie-authenticated publishing must come from a known site.
     *
     * @throws AuthException {@code invalid_request} when the request names no origin, or one not allowed to publish
     */
    static void requireAllowedOrigin(Headers request, AuthSettings settings) throws AuthException {
        String origin = request.first("Origin").orElse(null);
        if (origin == null) {
            String referer = request.first("Referer").orElse(null);
            if (referer == null) {
                throw AuthException.invalidRequest(
                        "an Origin or Referer header is required to publish with the authorization cookie");
            }
            origin = originOf(referer);
        }
        if (!settings.publishOrigins().contains("*") && !settings.publishOrigins().contains(origin)) {
            throw AuthException.invalidRequest("origin " + origin + " is not allowed to publish");
        }
    }

    private static String originOf(String url) throws AuthException {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw AuthException.invalidRequest("the Referer header is not an absolute URL");
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (URISyntaxException e) {
            throw AuthException.invalidRequest("the Referer header is not a URL");
        }
    }
}
