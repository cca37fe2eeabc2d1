package dev.herald.hub.internal.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.urlpattern.UriTemplate;
import dev.herald.urlpattern.UrlPattern;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the token a request presents, validates it with Nimbus, and says what it allows.
 *
 * <p><b>Where the token is read</b>, following Mercure 1.0 ("Presenting the Access Token"): the
 * {@code Authorization: Bearer} header when the request has one (then nothing else is read, and a malformed header is
 * an error rather than anonymous access); otherwise, when legacy tokens are accepted, the 0.x {@code authorization}
 * query parameter, which may carry only a legacy token (an access token there is refused: RFC 9700 forbids tokens in
 * URLs); otherwise a cookie: {@value #ACCESS_TOKEN_COOKIE} when access tokens are accepted, then
 * {@value #LEGACY_COOKIE} when legacy tokens are. The first source present wins; the others are ignored. The
 * {@code access_token} query parameter of RFC 6750 is never read. A publisher authenticated by cookie with
 * {@code POST} must send an {@code Origin} (or {@code Referer}) listed in {@link AuthSettings#publishOrigins()}.
 *
 * <p><b>What is refused</b>, with 401 {@code invalid_token}: malformed or encrypted tokens, {@code alg: none}, an
 * algorithm no trusted key of the token's issuer (of the role key, for legacy tokens) verifies, a bad signature,
 * {@code exp} not in the future, {@code nbf} in the future, a token of a dialect the hub does not accept (see
 * {@link AuthSettings}), an access token without {@code exp}, without {@code iss} or with an untrusted one, signed by
 * a key that is not its issuer's, or without the hub's resource identifier in {@code aud}, any access token when no
 * issuer is trusted, and malformed grants. With 400 {@code invalid_request}: a malformed {@code Authorization} header
 * or query parameter, an access token in the query parameter, and failed cookie origin checks. With 403
 * {@code insufficient_scope}: a valid publisher token that allows no publishing.
 *
 * <p><b>Access token grants</b> are read from {@code authorization_details} (RFC 9396) as Mercure 1.0 defines them
 * ("Authorization Details", "Topic Matcher List"): entries whose {@code type} is exactly {@value #DETAIL_TYPE}, with
 * {@code actions} (a non-empty array of strings, of which {@code publish} and {@code subscribe} grant and others are
 * ignored), {@code topics} (a non-empty array of {@code {"match": ..., "match_type": "exact" | "urlpattern"}},
 * {@code match_type} defaulting to {@code exact}, {@code *} matching every topic whatever the type) and an optional
 * {@code payload} object. Entries of other types are ignored; one malformed Mercure entry invalidates the token.
 */
public final class Authorizer implements AutoCloseable {

    /** The Mercure 1.0 authorization cookie. */
    public static final String ACCESS_TOKEN_COOKIE = "__Secure-mercure_access_token";
    /** The Mercure 0.x authorization cookie. */
    public static final String LEGACY_COOKIE = "mercureAuthorization";
    /** The Mercure 0.x authorization query parameter. */
    public static final String LEGACY_QUERY_PARAMETER = "authorization";
    /** The {@code type} of a Mercure authorization detail, compared byte by byte. */
    public static final String DETAIL_TYPE = "https://mercure.rocks/authorization-detail";

    private static final Logger LOG = LoggerFactory.getLogger(Authorizer.class);
    /** Shorter than this, a string cannot be a compact JWS (two dots and three non-empty parts). */
    private static final int MIN_COMPACT_JWS_LENGTH = 41;
    private static final String BEARER = "Bearer ";
    /** Implementation-defined limits on what a token may grant, as the Mercure specification asks for. */
    private static final int MAX_DETAILS = 100;
    private static final int MAX_MATCHERS = 100;
    private static final int MAX_MATCHER_LENGTH = 2048;
    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private enum Source { HEADER, QUERY, COOKIE }

    private record PresentedToken(String token, Source source) {
    }

    private final AuthSettings settings;
    private final TrustedKeys keys;
    private final Clock clock;

    /** Starts fetching the JWK Sets of the trusted issuers, in the background. */
    public void prefetchKeys() {
        keys.prefetch();
    }

    /** Stops refreshing JWK Sets. */
    @Override
    public void close() {
        keys.close();
    }

    /** An authorizer for {@code settings}, reading the time from the system clock. */
    public Authorizer(AuthSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** An authorizer for {@code settings} that reads the time from {@code clock}. */
    Authorizer(AuthSettings settings, Clock clock) {
        this.settings = settings;
        this.keys = new TrustedKeys(settings);
        this.clock = clock;
        if (settings.accessTokens() && !keys.hasIssuers()) {
            String advice = "no trusted issuer is configured, so Mercure 1.0 access tokens are refused; trust one "
                    + "with --issuer (for the JWT keys) or --jwks-uri";
            if (settings.legacyTokens()) {
                LOG.info(advice);
            } else {
                LOG.warn(advice);
            }
        }
    }

    /**
     * Authorizes a subscription request.
     *
     * @param query the request's decoded query parameters
     * @param resourceIdentifier the hub's resource identifier derived from the request, used when the settings name
     *     none
     * @return what the token allows, or empty when the request presents no token
     * @throws AuthException when a token is presented and refused
     */
    public Optional<Grant> authorizeSubscriber(HttpRequest request, Map<String, List<String>> query,
            String resourceIdentifier) throws AuthException {
        return authorizeSubscriber(request, query, resourceIdentifier, defaultPatterns(resourceIdentifier));
    }

    /**
     * Authorizes a subscription request, compiling the token's URL patterns with {@code patterns}: the hub passes
     * the compiler it matches with, so that each pattern is compiled once, against the hub's URL, for both.
     */
    public Optional<Grant> authorizeSubscriber(HttpRequest request, Map<String, List<String>> query,
            String resourceIdentifier, UrlPatterns patterns) throws AuthException {
        Optional<PresentedToken> presented = presentedToken(request, query);
        if (presented.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(validate(presented.get(), Role.SUBSCRIBER, resourceIdentifier, patterns));
    }

    /**
     * Authorizes a publication request; the token must allow publishing to some topic (which topics, the caller
     * checks against {@link Grant#publishRules()}).
     *
     * @param query the request's decoded query parameters
     * @param resourceIdentifier the hub's resource identifier derived from the request, used when the settings name
     *     none
     * @return what the token allows, or empty when the request presents no token
     * @throws AuthException when a token is presented and refused, or allows no publishing
     */
    public Optional<Grant> authorizePublisher(HttpRequest request, Map<String, List<String>> query,
            String resourceIdentifier) throws AuthException {
        return authorizePublisher(request, query, resourceIdentifier, defaultPatterns(resourceIdentifier));
    }

    /** Authorizes a publication request, compiling the token's URL patterns with {@code patterns}. */
    public Optional<Grant> authorizePublisher(HttpRequest request, Map<String, List<String>> query,
            String resourceIdentifier, UrlPatterns patterns) throws AuthException {
        Optional<PresentedToken> presented = presentedToken(request, query);
        if (presented.isEmpty()) {
            return Optional.empty();
        }
        if (presented.get().source() == Source.COOKIE && request.method().equals(HttpMethod.POST)) {
            requireAllowedOrigin(request);
        }
        Grant grant = validate(presented.get(), Role.PUBLISHER, resourceIdentifier, patterns);
        if (!grant.canPublish()) {
            throw AuthException.insufficientScope("the token does not allow publishing");
        }
        return Optional.of(grant);
    }

    private Optional<PresentedToken> presentedToken(HttpRequest request, Map<String, List<String>> query)
            throws AuthException {
        List<String> authorization = request.headers().getAll(HttpHeaderNames.AUTHORIZATION);
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
                throw AuthException.invalidRequest("invalid \"" + LEGACY_QUERY_PARAMETER + "\" query parameter");
            }
            return Optional.of(new PresentedToken(parameter.get(0), Source.QUERY));
        }
        List<Cookie> cookies = new ArrayList<>();
        for (String header : request.headers().getAll(HttpHeaderNames.COOKIE)) {
            cookies.addAll(ServerCookieDecoder.LAX.decodeAll(header));
        }
        List<String> names = new ArrayList<>();
        if (settings.accessTokens()) {
            names.add(ACCESS_TOKEN_COOKIE);
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

    /** Cookies ride along with cross-site requests: cookie-authenticated publishing must come from a known site. */
    private void requireAllowedOrigin(HttpRequest request) throws AuthException {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin == null) {
            String referer = request.headers().get(HttpHeaderNames.REFERER);
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

    private Grant validate(PresentedToken presented, Role role, String requestResourceIdentifier, UrlPatterns patterns)
            throws AuthException {
        SignedJWT jwt = signedToken(presented.token());
        boolean accessTokenType = isAccessTokenType(jwt.getHeader());
        if (presented.source() == Source.QUERY && accessTokenType) {
            throw AuthException.invalidRequest("access tokens must not be sent in the URL");
        }
        JWTClaimsSet claims;
        JsonNode raw;
        try {
            claims = jwt.getJWTClaimsSet();
            raw = JSON.readTree(jwt.getPayload().toString());
        } catch (ParseException | JsonProcessingException e) {
            throw AuthException.invalidToken("malformed claims");
        }
        if (raw == null || !raw.isObject()) {
            throw AuthException.invalidToken("malformed claims");
        }
        boolean accessToken = settings.accessTokens() && (accessTokenType || !settings.legacyTokens());
        if (accessToken) {
            if (!accessTokenType) {
                throw AuthException.invalidToken("the token's \"typ\" header must be \"at+jwt\"");
            }
            // The claims are read before the signature is checked only to find whose keys may check it.
            keys.verifyAccessToken(jwt, role, trustedIssuer(raw));
        } else {
            keys.verifyLegacyToken(jwt, role);
        }
        Instant now = clock.instant();
        Optional<Instant> expiresAt = Optional.ofNullable(claims.getExpirationTime()).map(Date::toInstant);
        if (expiresAt.isPresent() && !now.isBefore(expiresAt.get())) {
            throw AuthException.invalidToken("the token has expired");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.isBefore(notBefore.toInstant())) {
            throw AuthException.invalidToken("the token is not valid yet");
        }
        Optional<String> subject = Optional.ofNullable(claims.getSubject());
        String resourceIdentifier = settings.resourceIdentifier().orElse(requestResourceIdentifier);
        if (accessToken) {
            requireAccessTokenClaims(claims, resourceIdentifier);
            return authorizationDetailsGrant(raw.get("authorization_details"), patterns, subject,
                    expiresAt);
        }
        JsonNode details = raw.get("authorization_details");
        if (details != null && !details.isNull()) {
            return authorizationDetailsGrant(details, patterns, subject, expiresAt);
        }
        return legacyGrant(raw, subject, expiresAt);
    }

    private static SignedJWT signedToken(String token) throws AuthException {
        JWT parsed;
        try {
            parsed = JWTParser.parse(token);
        } catch (ParseException e) {
            throw AuthException.invalidToken("malformed token");
        }
        if (parsed instanceof PlainJWT) {
            throw AuthException.invalidToken("unsigned tokens (alg: none) are not accepted");
        }
        if (!(parsed instanceof SignedJWT jwt)) {
            throw AuthException.invalidToken("encrypted tokens are not accepted");
        }
        return jwt;
    }

    /** RFC 9068 section 4: {@code iss} must name a trusted issuer exactly; its keys are the only ones tried. */
    private String trustedIssuer(JsonNode claims) throws AuthException {
        if (!keys.hasIssuers()) {
            throw AuthException.invalidToken("this hub trusts no issuer of access tokens; configure one (--issuer "
                    + "with the JWT keys, or --jwks-uri)");
        }
        JsonNode issuer = claims.get("iss");
        if (issuer == null || !issuer.isTextual()) {
            throw AuthException.invalidToken("access tokens must carry \"iss\"");
        }
        if (!keys.trusts(issuer.asText())) {
            throw AuthException.invalidToken("the token's issuer is not trusted");
        }
        return issuer.asText();
    }

    /** RFC 9068 section 2.1: {@code at+jwt}, compared without case, optionally with its {@code application/}. */
    private static boolean isAccessTokenType(JWSHeader header) {
        JOSEObjectType type = header.getType();
        if (type == null) {
            return false;
        }
        String value = type.getType().toLowerCase(Locale.ROOT);
        return value.equals("at+jwt") || value.equals("application/at+jwt");
    }

    private static void requireAccessTokenClaims(JWTClaimsSet claims, String resourceIdentifier) throws AuthException {
        if (claims.getExpirationTime() == null) {
            throw AuthException.invalidToken("access tokens must carry \"exp\"");
        }
        if (resourceIdentifier == null || resourceIdentifier.isBlank()) {
            throw AuthException.invalidToken("the hub's resource identifier is unknown; no audience can match");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(resourceIdentifier)) {
            throw AuthException.invalidToken("the token's audience does not include " + resourceIdentifier);
        }
    }

    private static Grant authorizationDetailsGrant(JsonNode details, UrlPatterns patterns,
            Optional<String> subject, Optional<Instant> expiresAt) throws AuthException {
        List<TopicRule> publish = new ArrayList<>();
        List<TopicRule> subscribe = new ArrayList<>();
        if (details == null || details.isNull()) {
            return Grant.of(publish, subscribe, Optional.empty(), subject, expiresAt, false);
        }
        if (!details.isArray()) {
            throw invalidDetails("authorization_details must be an array");
        }
        if (details.size() > MAX_DETAILS) {
            throw invalidDetails("more than " + MAX_DETAILS + " authorization details");
        }
        int matchers = 0;
        for (JsonNode detail : details) {
            if (!detail.isObject() || !detail.path("type").isTextual()) {
                throw invalidDetails("every authorization detail must be an object with a string \"type\"");
            }
            if (!detail.get("type").asText().equals(DETAIL_TYPE)) {
                continue; // another API's detail (RFC 9396): not ours to judge
            }
            boolean canPublish = false;
            boolean canSubscribe = false;
            JsonNode actions = detail.get("actions");
            if (actions == null || !actions.isArray() || actions.isEmpty()) {
                throw invalidDetails("a Mercure authorization detail needs a non-empty \"actions\" array");
            }
            for (JsonNode action : actions) {
                if (!action.isTextual()) {
                    throw invalidDetails("actions must be strings, not " + action);
                }
                // Unknown actions grant nothing and invalidate nothing, so issuers can use future actions.
                switch (action.asText()) {
                    case "publish" -> canPublish = true;
                    case "subscribe" -> canSubscribe = true;
                    default -> {
                    }
                }
            }
            JsonNode topics = detail.get("topics");
            if (topics == null || !topics.isArray() || topics.isEmpty()) {
                throw invalidDetails("a Mercure authorization detail needs a non-empty \"topics\" array");
            }
            matchers += topics.size();
            if (matchers > MAX_MATCHERS) {
                throw invalidDetails("more than " + MAX_MATCHERS + " topic matchers");
            }
            JsonNode payloadNode = detail.get("payload");
            if (payloadNode != null && !payloadNode.isObject()) {
                throw invalidDetails("\"payload\" must be a JSON object");
            }
            Optional<JsonNode> payload = Optional.ofNullable(payloadNode);
            for (JsonNode topic : topics) {
                TopicRule rule = topicMatcher(topic, patterns);
                if (canPublish) {
                    publish.add(new TopicRule(rule.kind(), rule.match(), Optional.empty()));
                }
                if (canSubscribe) {
                    subscribe.add(new TopicRule(rule.kind(), rule.match(), payload));
                }
            }
        }
        return Grant.of(publish, subscribe, Optional.empty(), subject, expiresAt, false);
    }

    private static TopicRule topicMatcher(JsonNode topic, UrlPatterns patterns) throws AuthException {
        if (!topic.isObject() || !topic.path("match").isTextual()) {
            throw invalidDetails("every topic matcher must be an object with a string \"match\"");
        }
        String match = topic.get("match").asText();
        requireValidMatcher(match);
        // Absent means exact; any other value than the two supported names (case-sensitive) must fail loudly,
        // since skipping the matcher would silently change what the token allows.
        JsonNode typeNode = topic.get("match_type");
        String matchType = typeNode == null ? "exact" : typeNode.isTextual() ? typeNode.asText() : "";
        if (!matchType.equals("exact") && !matchType.equals("urlpattern")) {
            throw invalidDetails("unsupported match_type " + typeNode);
        }
        if (match.equals("*")) {
            return new TopicRule(TopicRule.Kind.ANY, match, Optional.empty());
        }
        if (matchType.equals("exact")) {
            return new TopicRule(TopicRule.Kind.EXACT, match, Optional.empty());
        }
        try {
            patterns.compile(match);
        } catch (IllegalArgumentException e) {
            throw invalidDetails("invalid URL pattern: " + e.getMessage());
        }
        return new TopicRule(TopicRule.Kind.URL_PATTERN, match, Optional.empty());
    }

    /**
     * Compiles a token's URL pattern the way the hub will match with it (a relative pattern against the hub's URL);
     * throws {@link IllegalArgumentException} when it cannot.
     */
    @FunctionalInterface
    public interface UrlPatterns {
        /** Compiles {@code pattern}, or throws IllegalArgumentException saying why it is invalid. */
        void compile(String pattern);
    }

    /** Without the hub's compiler: relative patterns resolve against the resource identifier when it is a URL. */
    private static UrlPatterns defaultPatterns(String resourceIdentifier) {
        return pattern -> {
            try {
                UrlPattern.compile(pattern);
            } catch (IllegalArgumentException relativeOrInvalid) {
                if (!isAbsoluteUrl(resourceIdentifier)) {
                    throw relativeOrInvalid;
                }
                UrlPattern.compile(pattern, resourceIdentifier);
            }
        };
    }

    private static boolean isAbsoluteUrl(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        try {
            return new URI(value).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Grant legacyGrant(JsonNode raw, Optional<String> subject, Optional<Instant> expiresAt)
            throws AuthException {
        JsonNode claim = raw.get("https://mercure.rocks/");
        if (claim == null || claim.isNull()) {
            claim = raw.get("mercure");
        }
        if (claim == null || claim.isNull()) {
            return Grant.of(List.of(), List.of(), Optional.empty(), subject, expiresAt, true);
        }
        if (!claim.isObject()) {
            throw AuthException.invalidToken("the mercure claim must be an object");
        }
        List<TopicRule> publish = legacySelectors(claim.get("publish"), "publish");
        List<TopicRule> subscribe = legacySelectors(claim.get("subscribe"), "subscribe");
        JsonNode payload = claim.get("payload");
        return Grant.of(publish, subscribe, payload == null || payload.isNull() ? Optional.empty()
                : Optional.of(payload), subject, expiresAt, true);
    }

    private static List<TopicRule> legacySelectors(JsonNode selectors, String name) throws AuthException {
        List<TopicRule> rules = new ArrayList<>();
        if (selectors == null || selectors.isNull()) {
            return rules;
        }
        if (!selectors.isArray()) {
            throw AuthException.invalidToken("mercure." + name + " must be an array of strings");
        }
        if (selectors.size() > MAX_MATCHERS) {
            throw AuthException.invalidToken("mercure." + name + " has more than " + MAX_MATCHERS + " selectors");
        }
        for (JsonNode selector : selectors) {
            if (!selector.isTextual()) {
                throw AuthException.invalidToken("mercure." + name + " must be an array of strings");
            }
            String text = selector.asText();
            requireValidMatcher(text);
            rules.add(new TopicRule(legacyKind(text), text, Optional.empty()));
        }
        return rules;
    }

    /** As the reference hub: {@code *}; a template when it contains '{' and parses; otherwise an exact topic. */
    private static TopicRule.Kind legacyKind(String selector) {
        if (selector.equals("*")) {
            return TopicRule.Kind.ANY;
        }
        if (selector.indexOf('{') >= 0) {
            try {
                UriTemplate.compile(selector);
                return TopicRule.Kind.URI_TEMPLATE;
            } catch (IllegalArgumentException notATemplate) {
                return TopicRule.Kind.EXACT;
            }
        }
        return TopicRule.Kind.EXACT;
    }

    /** Matchers are attacker-shaped even in a signed token: bounded, and free of control characters. */
    private static void requireValidMatcher(String match) throws AuthException {
        if (match.isEmpty() || match.length() > MAX_MATCHER_LENGTH) {
            throw AuthException.invalidToken("topic matchers must have 1 to " + MAX_MATCHER_LENGTH + " characters");
        }
        for (int i = 0; i < match.length(); i++) {
            char c = match.charAt(i);
            if (c < 0x20 || c >= 0x7F && c <= 0x9F) {
                throw AuthException.invalidToken("topic matchers must not contain control characters");
            }
        }
    }

    private static AuthException invalidDetails(String reason) {
        return AuthException.invalidToken("invalid authorization_details: " + reason);
    }
}
