package dev.herald.spring.boot.sample;

import dev.herald.hub.SubscriberAccess;
import dev.herald.hub.SubscriberAuthorization;
import dev.herald.hub.SubscriberRequest;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Each logged-in user's private topic, and the hub's question about a subscriber answered with the application's own
 * session: the user Spring Security authenticated may receive the private updates of their topic, and no token
 * reaches the browser. A request without a logged-in user is left to the hub's own rules (a token, or anonymous
 * access to public updates).
 */
@Component
public class UserTopics implements SubscriberAuthorization {

    /** The URL pattern of every user's topic, for a page that follows them all. */
    public static final String PATTERN = "https://herald.example/users/:name";

    /** The topic of {@code user}'s private updates. */
    public static String of(String user) {
        return "https://herald.example/users/" + user;
    }

    /** The logged-in user's own topic, and only theirs. */
    @Override
    public Optional<SubscriberAccess> authorize(SubscriberRequest request) {
        return request.principal().map(user -> SubscriberAccess.topics(of(user.getName())));
    }
}
