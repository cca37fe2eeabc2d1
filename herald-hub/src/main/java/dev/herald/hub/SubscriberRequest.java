package dev.herald.hub;

import java.security.Principal;
import java.util.List;
import java.util.Optional;

/** A subscription request as the application's {@link SubscriberAuthorization} sees it. */
public interface SubscriberRequest {

    /** The user the servlet container (or the application's security) authenticated; empty on the Netty hub. */
    Optional<Principal> principal();

    /** The first value of the request header {@code name} (case-insensitive), such as {@code Cookie}. */
    Optional<String> header(String name);

    /** The topic selectors the subscriber asked for, as sent. */
    List<String> topics();
}
