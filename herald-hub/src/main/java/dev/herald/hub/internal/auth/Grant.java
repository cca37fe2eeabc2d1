package dev.herald.hub.internal.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a validated token allows, in one shape for both token dialects.
 *
 * <p>{@link #publish()} and {@link #subscribe()} are the matchers as strings ({@code *} for every topic), as the
 * 0.x {@code mercure} claim lists them; {@link #publishRules()} and {@link #subscribeRules()} are the same matchers
 * with their {@link TopicRule.Kind}, which is what the hub matches topics with. A topic may be published when it
 * matches one publish rule (0.x: every topic of an update must); a private update may be received when its topic
 * (0.x: one of its topics) matches one subscribe rule. In Mercure 1.0 a subscription's payload is the payload of the
 * first subscribe rule matching the subscription's own matcher string, falling back to {@link #payload()}.
 *
 * @param publish the topics the bearer may publish to
 * @param subscribe the topics of private updates the bearer may receive
 * @param payload the 0.x {@code mercure.payload}; empty for 1.0 tokens, whose payloads are per rule
 * @param publishRules {@code publish} with each matcher's kind
 * @param subscribeRules {@code subscribe} with each matcher's kind and payload, in token order
 * @param subject the {@code sub} claim, which identifies the subscriber in subscription events
 * @param expiresAt the {@code exp} claim: a subscriber's connection must end by then
 * @param legacy whether the token is a Mercure 0.x token, which is answered in the 0.x dialect where they differ
 */
public record Grant(
        List<String> publish, List<String> subscribe, Optional<JsonNode> payload,
        List<TopicRule> publishRules, List<TopicRule> subscribeRules,
        Optional<String> subject, Optional<Instant> expiresAt, boolean legacy) {

    /** Copies the lists and checks for nulls. */
    public Grant {
        publish = List.copyOf(publish);
        subscribe = List.copyOf(subscribe);
        Objects.requireNonNull(payload, "payload");
        publishRules = List.copyOf(publishRules);
        subscribeRules = List.copyOf(subscribeRules);
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A grant made of rules, with the string lists derived from them. */
    static Grant of(List<TopicRule> publishRules, List<TopicRule> subscribeRules, Optional<JsonNode> payload,
            Optional<String> subject, Optional<Instant> expiresAt, boolean legacy) {
        return new Grant(publishRules.stream().map(TopicRule::match).toList(),
                subscribeRules.stream().map(TopicRule::match).toList(), payload, publishRules, subscribeRules,
                subject, expiresAt, legacy);
    }

    /** Whether the token allows publishing to at least some topic. */
    public boolean canPublish() {
        return !publishRules.isEmpty();
    }
}
