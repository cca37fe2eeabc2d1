package dev.herald.hub.internal.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.hub.internal.topic.TopicSelector;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a validated token allows, in one shape for both token dialects, its matchers already compiled into
 * {@link TopicSelector}s by the hub's {@link dev.herald.hub.internal.topic.SelectorCompiler} (so that every
 * caller matches topics the way the hub does, and nothing compiles them again).
 *
 * <p>A topic may be published when it matches one publish rule (0.x: every topic of an update must); a private
 * update may be received when its topic (0.x: one of its topics) matches one subscribe rule. In Mercure 1.0 a
 * subscription's payload is the payload of the first subscribe rule matching the subscription's own matcher string,
 * falling back to {@link #payload()}.
 *
 * @param publishRules the topics the bearer may publish to
 * @param subscribeRules the topics of private updates the bearer may receive, each with its payload, in token order
 * @param payload the 0.x {@code mercure.payload}; empty for 1.0 tokens, whose payloads are per rule
 * @param subject the {@code sub} claim, which identifies the subscriber in subscription events
 * @param expiresAt the {@code exp} claim: a subscriber's connection must end by then
 * @param legacy whether the token is a Mercure 0.x token, which is answered in the 0.x dialect where they differ
 */
public record Grant(List<TopicSelector> publishRules, List<SubscribeRule> subscribeRules, Optional<JsonNode> payload,
        Optional<String> subject, Optional<Instant> expiresAt, boolean legacy) {

    /**
     * One subscribe matcher granted by a token.
     *
     * @param selector the topics it grants
     * @param payload the payload of the authorization detail it comes from (Mercure 1.0); always empty for 0.x
     *     tokens, whose payload is {@link Grant#payload()}
     */
    public record SubscribeRule(TopicSelector selector, Optional<JsonNode> payload) {

        /** Checks for nulls. */
        public SubscribeRule {
            Objects.requireNonNull(selector, "selector");
            Objects.requireNonNull(payload, "payload");
        }

        /** How the rule selects topics. */
        public TopicSelector.Kind kind() {
            return selector.kind();
        }

        /** The matcher as the token carries it. */
        public String match() {
            return selector.text();
        }
    }

    /** Copies the lists and checks for nulls. */
    public Grant {
        publishRules = List.copyOf(publishRules);
        subscribeRules = List.copyOf(subscribeRules);
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether the token allows publishing to at least some topic. */
    public boolean canPublish() {
        return !publishRules.isEmpty();
    }

    /** Whether the token allows publishing to {@code topic}. */
    public boolean allowsPublishing(String topic) {
        for (TopicSelector rule : publishRules) {
            if (rule.matches(topic)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the token allows receiving private updates of {@code topic} (and reading it, in the API). */
    public boolean allowsSubscribing(String topic) {
        for (SubscribeRule rule : subscribeRules) {
            if (rule.selector().matches(topic)) {
                return true;
            }
        }
        return false;
    }

    /** The topics of private updates the bearer may receive. */
    public List<TopicSelector> subscribeSelectors() {
        return subscribeRules.stream().map(SubscribeRule::selector).toList();
    }

    /**
     * The payload this token attaches to a subscription to {@code matcher}: a 0.x token's {@code mercure.payload};
     * for a 1.0 token, the payload of the first subscribe rule that matches {@code matcher} taken as a topic.
     */
    public Optional<JsonNode> payloadFor(String matcher) {
        if (payload.isPresent()) {
            return payload;
        }
        for (SubscribeRule rule : subscribeRules) {
            if (rule.selector().matches(matcher)) {
                return rule.payload();
            }
        }
        return Optional.empty();
    }
}
