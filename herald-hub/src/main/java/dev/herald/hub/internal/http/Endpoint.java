package dev.herald.hub.internal.http;

import dev.herald.hub.internal.auth.AuthException;
import dev.herald.hub.internal.mercure.BadRequest;

/** What answers one kind of request; one instance per hub, shared by every connection. */
@FunctionalInterface
interface Endpoint {

    /**
     * Answers {@code exchange} (or turns its connection into a stream).
     *
     * @throws BadRequest when the request is refused, with the status to answer
     * @throws AuthException when its token is missing, refused or insufficient
     */
    void handle(Exchange exchange) throws BadRequest, AuthException;
}
