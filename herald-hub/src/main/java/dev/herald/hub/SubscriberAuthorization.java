package dev.herald.hub;

import java.util.Optional;

/**
 * The application's own answer to what a subscriber may receive, asked before any token is read: a same-origin
 * application authorizes its subscribers with its session (the servlet container's principal, a cookie) and no JWT
 * reaches the browser. Tokens keep working beside it: where the answer is empty, the request's token (or the hub's
 * anonymous rule) decides as usual.
 *
 * <pre>{@code
 * Hub.builder().subscriberAuthorization(request -> request.principal()
 *         .map(user -> SubscriberAccess.topics("https://example.com/users/" + user.getName())))
 * }</pre>
 */
@FunctionalInterface
public interface SubscriberAuthorization {

    /**
     * What the subscriber of {@code request} may receive, private updates included; empty leaves the decision to
     * the request's token. Called on a thread that serves connections: answer from memory, do not block.
     */
    Optional<SubscriberAccess> authorize(SubscriberRequest request);
}
