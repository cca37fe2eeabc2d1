package dev.herald.hub.internal.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.hub.internal.topic.HubUrl;
import dev.herald.hub.internal.topic.SelectorCompiler;
import dev.herald.hub.internal.topic.TopicSelector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads what a validated token grants into a {@link Grant}, compiling each matcher with the hub's
 * {@link SelectorCompiler}: URL patterns against the hub's URL (the one the request reached), 0.x selectors by the
 * compiler's one rule for them ({@link SelectorCompiler#legacy}).
 *
 * <p><b>Access token grants</b> are read from {@code authorization_details} (RFC 9396) as Mercure 1.0 defines them
 * ("Authorization Details", "Topic Matcher List"): entries whose {@code type} is exactly
 * {@value Authorizer#DETAIL_TYPE}, with {@code actions} (a non-empty array of strings, of which {@code publish} and
 * {@code subscribe} grant and others are ignored), {@code topics} (a non-empty array of
 * {@code {"match": ..., "match_type": "exact" | "urlpattern"}}, {@code match_type} defaulting to {@code exact},
 * {@code *} matching every topic whatever the type) and an optional {@code payload} object. Entries of other types
 * are ignored; one malformed Mercure entry invalidates the token. <b>Legacy grants</b> are the {@code mercure} claim
 * (or {@code https://mercure.rocks/}): {@code publish} and {@code subscribe} arrays of selectors, and a
 * {@code payload}.
 */
final class GrantReader {

    /** Implementation-defined limits on what a token may grant, as the Mercure specification asks for. */
    private static final int MAX_DETAILS = 100;
    private static final int MAX_MATCHERS = 100;
    private static final int MAX_MATCHER_LENGTH = 2048;

    private final SelectorCompiler selectors;
    /** The hub's URL relative URL patterns resolve against; empty when there is none (then they are refused). */
    private final Optional<HubUrl> hubUrl;
    private final Optional<String> subject;
    private final Optional<Instant> expiresAt;

    GrantReader(SelectorCompiler selectors, Optional<HubUrl> hubUrl, Optional<String> subject,
            Optional<Instant> expiresAt) {
        this.selectors = selectors;
        this.hubUrl = hubUrl;
        this.subject = subject;
        this.expiresAt = expiresAt;
    }

    /** The grant of Mercure 1.0 {@code authorization_details} (absent: nothing). */
    Grant authorizationDetails(JsonNode details) throws AuthException {
        List<TopicSelector> publish = new ArrayList<>();
        List<Grant.SubscribeRule> subscribe = new ArrayList<>();
        if (details == null || details.isNull()) {
            return new Grant(publish, subscribe, Optional.empty(), subject, expiresAt, false);
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
            if (!detail.get("type").asText().equals(Authorizer.DETAIL_TYPE)) {
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
                TopicSelector selector = topicMatcher(topic);
                if (canPublish) {
                    publish.add(selector);
                }
                if (canSubscribe) {
                    subscribe.add(new Grant.SubscribeRule(selector, payload));
                }
            }
        }
        return new Grant(publish, subscribe, Optional.empty(), subject, expiresAt, false);
    }

    private TopicSelector topicMatcher(JsonNode topic) throws AuthException {
        if (!topic.isObject() || !topic.path("match").isTextual()) {
            throw invalidDetails("every topic matcher must be an object with a string \"match\"");
        }
        String match = topic.get("match").asText();
        requireValidMatcher(match);
        // Absent means exact; any other value than the two supported names (case-sensitive) must fail loudly,
        // since skipping the matcher would silently change what the token allows.
        JsonNode typeNode = topic.get("match_type");
        String matchType = typeNode == null ? "exact" : typeNode.isTextual() ? typeNode.asText() : "";
        if (matchType.equals("exact")) {
            return selectors.exact(match);
        }
        if (!matchType.equals("urlpattern")) {
            throw invalidDetails("unsupported match_type " + typeNode);
        }
        try {
            return hubUrl.isPresent() ? selectors.urlPattern(match, hubUrl.get()) : selectors.absoluteUrlPattern(match);
        } catch (IllegalArgumentException e) {
            throw invalidDetails("invalid URL pattern: " + e.getMessage());
        }
    }

    /** The grant of a Mercure 0.x token: its {@code mercure} claim (absent: nothing). */
    Grant legacy(JsonNode raw) throws AuthException {
        JsonNode claim = raw.get("https://mercure.rocks/");
        if (claim == null || claim.isNull()) {
            claim = raw.get("mercure");
        }
        if (claim == null || claim.isNull()) {
            return new Grant(List.of(), List.of(), Optional.empty(), subject, expiresAt, true);
        }
        if (!claim.isObject()) {
            throw AuthException.invalidToken("the mercure claim must be an object");
        }
        List<TopicSelector> publish = legacySelectors(claim.get("publish"), "publish");
        List<Grant.SubscribeRule> subscribe = new ArrayList<>();
        for (TopicSelector selector : legacySelectors(claim.get("subscribe"), "subscribe")) {
            subscribe.add(new Grant.SubscribeRule(selector, Optional.empty()));
        }
        JsonNode payload = claim.get("payload");
        return new Grant(publish, subscribe, payload == null || payload.isNull() ? Optional.empty()
                : Optional.of(payload), subject, expiresAt, true);
    }

    private List<TopicSelector> legacySelectors(JsonNode selectors, String name) throws AuthException {
        List<TopicSelector> compiled = new ArrayList<>();
        if (selectors == null || selectors.isNull()) {
            return compiled;
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
            compiled.add(this.selectors.legacy(text));
        }
        return compiled;
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
