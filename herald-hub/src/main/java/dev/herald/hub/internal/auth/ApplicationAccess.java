package dev.herald.hub.internal.auth;

import dev.herald.hub.SubscriberAccess;
import dev.herald.hub.internal.topic.HubUrl;
import dev.herald.hub.internal.topic.SelectorCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The application's answer ({@link SubscriberAccess}) in the shape of a token's: a {@link Grant} that allows
 * subscribing, with its topics compiled by the hub's compiler, so that live delivery, replay and the subscriptions
 * API treat it as they treat a token's.
 */
public final class ApplicationAccess {

    private ApplicationAccess() {
    }

    /**
     * The grant of {@code access}, relative URL patterns resolving against {@code hubUrl}.
     *
     * @param subject who the subscriber is (the principal's name), shown in subscription events
     * @throws IllegalArgumentException when a URL pattern does not compile: the application's mistake
     */
    public static Grant grant(SubscriberAccess access, Optional<String> subject, SelectorCompiler selectors,
            HubUrl hubUrl) {
        List<Grant.SubscribeRule> rules = new ArrayList<>();
        for (String topic : access.topics()) {
            rules.add(new Grant.SubscribeRule(selectors.exact(topic), Optional.empty()));
        }
        for (String pattern : access.urlPatterns()) {
            rules.add(new Grant.SubscribeRule(selectors.urlPattern(pattern, hubUrl), Optional.empty()));
        }
        return new Grant(List.of(), rules, Optional.empty(), subject, access.expiresAt(), false);
    }
}
