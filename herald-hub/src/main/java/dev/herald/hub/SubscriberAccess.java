package dev.herald.hub;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a subscriber may receive beyond public updates: private updates to any of {@code topics} (exact topics) or
 * to a topic matching one of {@code urlPatterns} (WHATWG URL Patterns, relative ones resolved against the hub's URL),
 * until {@code expiresAt}, when its stream ends and its client reconnects to be asked again.
 *
 * @param topics exact topics whose private updates the subscriber receives
 * @param urlPatterns URL patterns of topics whose private updates the subscriber receives
 * @param expiresAt when the access ends, if it does
 */
public record SubscriberAccess(List<String> topics, List<String> urlPatterns, Optional<Instant> expiresAt) {

    public SubscriberAccess {
        topics = List.copyOf(topics);
        urlPatterns = List.copyOf(urlPatterns);
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Public updates only, as an anonymous subscriber, even on a hub that refuses anonymous subscribers. */
    public static SubscriberAccess publicOnly() {
        return new SubscriberAccess(List.of(), List.of(), Optional.empty());
    }

    /** Private updates to exactly these topics, and every public update. */
    public static SubscriberAccess topics(String... topics) {
        return new SubscriberAccess(List.of(topics), List.of(), Optional.empty());
    }

    /** Private updates to topics matching these URL patterns, and every public update. */
    public static SubscriberAccess urlPatterns(String... urlPatterns) {
        return new SubscriberAccess(List.of(), List.of(urlPatterns), Optional.empty());
    }

    /** This access, ending at {@code expiresAt}. */
    public SubscriberAccess expiringAt(Instant expiresAt) {
        return new SubscriberAccess(topics, urlPatterns, Optional.of(expiresAt));
    }
}
