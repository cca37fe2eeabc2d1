package dev.herald.hub.internal.auth;

import dev.herald.hub.HubOptions;
import dev.herald.hub.OptionNaming;
import dev.herald.hub.frontend.Headers;
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
import dev.herald.hub.internal.auth.TrustedKeys.Role;
import dev.herald.hub.internal.topic.HubUrl;
import dev.herald.hub.internal.topic.SelectorCompiler;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the token a request presents ({@link PresentedToken} says where it is read), validates it with Nimbus
 * against the keys of its issuer ({@link TrustedKeys}), and says what it allows: a {@link Grant} whose matchers are
 * already compiled, by the hub's {@link SelectorCompiler} against the hub's URL ({@link GrantReader}).
 *
 * <p><b>What is refused</b>, with 401 {@code invalid_token}: malformed or encrypted tokens, {@code alg: none}, an
 * algorithm no trusted key of the token's issuer (of the role key, for legacy tokens) verifies, a bad signature,
 * {@code exp} not in the future, {@code nbf} in the future, a token of a dialect the hub does not accept (see
 * {@link AuthSettings}), an access token without {@code exp}, without {@code iss} or with an untrusted one, signed by
 * a key that is not its issuer's, or without the hub's resource identifier in {@code aud}, any access token when no
 * issuer is trusted, and malformed grants. With 400 {@code invalid_request}: a malformed {@code Authorization} header
 * or query parameter, an access token in the query parameter, and failed cookie origin checks. With 403
 * {@code insufficient_scope}: a valid publisher token that allows no publishing.
 */
public final class Authorizer implements AutoCloseable {

    /** The Mercure 1.0 authorization cookie. */
    public static final String ACCESS_TOKEN_COOKIE = "__Secure-mercure_access_token";
    /** The {@code type} of a Mercure authorization detail, compared byte by byte. */
    public static final String DETAIL_TYPE = "https://mercure.rocks/authorization-detail";

    private static final Logger LOG = LoggerFactory.getLogger(Authorizer.class);
    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final AuthSettings settings;
    private final TrustedKeys keys;
    private final SelectorCompiler selectors;
    private final Clock clock;
    /** How the hub's options are named in its advice. */
    private final OptionNaming naming;

    /** An authorizer for {@code settings} with its own selector compiler, reading the time from the system clock. */
    public Authorizer(AuthSettings settings) {
        this(settings, new SelectorCompiler(), Clock.systemUTC(), OptionNaming.commandLine());
    }

    /**
     * An authorizer for {@code settings} compiling grants with the hub's {@code selectors}, naming options as
     * {@code naming} does.
     */
    public Authorizer(AuthSettings settings, SelectorCompiler selectors, OptionNaming naming) {
        this(settings, selectors, Clock.systemUTC(), naming);
    }

    /** An authorizer for {@code settings} that reads the time from {@code clock}. */
    Authorizer(AuthSettings settings, Clock clock) {
        this(settings, new SelectorCompiler(), clock, OptionNaming.commandLine());
    }

    private Authorizer(AuthSettings settings, SelectorCompiler selectors, Clock clock, OptionNaming naming) {
        this.naming = naming;
        this.settings = settings;
        this.keys = new TrustedKeys(settings);
        this.selectors = selectors;
        this.clock = clock;
        if (settings.accessTokens() && !keys.hasIssuers()) {
            String advice = "no trusted issuer is configured, so Mercure 1.0 access tokens are refused; trust one "
                    + "with " + naming.nameOf(HubOptions.ISSUERS) + " (for the JWT keys) or "
                    + naming.nameOf(HubOptions.JWKS_URIS);
            if (settings.legacyTokens()) {
                LOG.info(advice);
            } else {
                LOG.warn(advice);
            }
        }
    }

    /** Starts fetching the JWK Sets of the trusted issuers, in the background. */
    public void prefetchKeys() {
        keys.prefetch();
    }

    /** Stops refreshing JWK Sets. */
    @Override
    public void close() {
        keys.close();
    }

    /**
     * Authorizes a subscription request, relative URL patterns resolving against {@code resourceIdentifier} when it
     * is a hub URL (and refused when it is not).
     *
     * @see #authorizeSubscriber(Headers, Map, String, HubUrl)
     */
    public Optional<Grant> authorizeSubscriber(Headers request, Map<String, List<String>> query,
            String resourceIdentifier) throws AuthException {
        return authorizeSubscriber(request, query, resourceIdentifier, hubUrlOf(resourceIdentifier));
    }

    /**
     * Authorizes a subscription request.
     *
     * @param query the request's decoded query parameters
     * @param resourceIdentifier the hub's resource identifier derived from the request, used when the settings name
     *     none
     * @param hubUrl the hub's URL as the request reached it, which relative URL patterns resolve against
     * @return what the token allows, or empty when the request presents no token
     * @throws AuthException when a token is presented and refused
     */
    public Optional<Grant> authorizeSubscriber(Headers request, Map<String, List<String>> query,
            String resourceIdentifier, HubUrl hubUrl) throws AuthException {
        return authorizeSubscriber(request, query, resourceIdentifier, Optional.of(hubUrl));
    }

    private Optional<Grant> authorizeSubscriber(Headers request, Map<String, List<String>> query,
            String resourceIdentifier, Optional<HubUrl> hubUrl) throws AuthException {
        Optional<PresentedToken> presented = PresentedToken.find(request, query, settings);
        if (presented.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(validate(presented.get(), Role.SUBSCRIBER, resourceIdentifier, hubUrl));
    }

    /**
     * Authorizes a publication request, relative URL patterns resolving against {@code resourceIdentifier} when it
     * is a hub URL (and refused when it is not).
     *
     * @see #authorizePublisher(Headers, Map, String, HubUrl)
     */
    public Optional<Grant> authorizePublisher(Headers request, Map<String, List<String>> query,
            String resourceIdentifier) throws AuthException {
        return authorizePublisher(request, query, resourceIdentifier, hubUrlOf(resourceIdentifier));
    }

    /**
     * Authorizes a publication request; the token must allow publishing to some topic (which topics, the caller
     * checks with {@link Grant#allowsPublishing}).
     *
     * @param query the request's decoded query parameters
     * @param resourceIdentifier the hub's resource identifier derived from the request, used when the settings name
     *     none
     * @param hubUrl the hub's URL as the request reached it, which relative URL patterns resolve against
     * @return what the token allows, or empty when the request presents no token
     * @throws AuthException when a token is presented and refused, or allows no publishing
     */
    public Optional<Grant> authorizePublisher(Headers request, Map<String, List<String>> query,
            String resourceIdentifier, HubUrl hubUrl) throws AuthException {
        return authorizePublisher(request, query, resourceIdentifier, Optional.of(hubUrl));
    }

    private Optional<Grant> authorizePublisher(Headers request, Map<String, List<String>> query,
            String resourceIdentifier, Optional<HubUrl> hubUrl) throws AuthException {
        Optional<PresentedToken> presented = PresentedToken.find(request, query, settings);
        if (presented.isEmpty()) {
            return Optional.empty();
        }
        // Publishing is always a POST: a cookie alone must not let another site's form publish.
        if (presented.get().source() == PresentedToken.Source.COOKIE) {
            PresentedToken.requireAllowedOrigin(request, settings);
        }
        Grant grant = validate(presented.get(), Role.PUBLISHER, resourceIdentifier, hubUrl);
        if (!grant.canPublish()) {
            throw AuthException.insufficientScope("the token does not allow publishing");
        }
        return Optional.of(grant);
    }

    private static Optional<HubUrl> hubUrlOf(String resourceIdentifier) {
        return resourceIdentifier == null ? Optional.empty() : HubUrl.parse(resourceIdentifier);
    }

    private Grant validate(PresentedToken presented, Role role, String requestResourceIdentifier,
            Optional<HubUrl> hubUrl) throws AuthException {
        SignedJWT jwt = signedToken(presented.token());
        boolean accessTokenType = isAccessTokenType(jwt.getHeader());
        if (presented.source() == PresentedToken.Source.QUERY && accessTokenType) {
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
        GrantReader grants = new GrantReader(selectors, hubUrl, Optional.ofNullable(claims.getSubject()), expiresAt);
        if (accessToken) {
            requireAccessTokenClaims(claims, settings.resourceIdentifier().orElse(requestResourceIdentifier));
            return grants.authorizationDetails(raw.get("authorization_details"));
        }
        JsonNode details = raw.get("authorization_details");
        if (details != null && !details.isNull()) {
            return grants.authorizationDetails(details);
        }
        return grants.legacy(raw);
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
            throw AuthException.invalidToken("this hub trusts no issuer of access tokens; configure one ("
                    + naming.nameOf(HubOptions.ISSUERS) + " with the JWT keys, or " + naming.nameOf(HubOptions.JWKS_URIS)
                    + ")");
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
}
