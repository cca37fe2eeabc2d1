package dev.herald.hub.internal.http;

import dev.herald.hub.frontend.HubResponse;

/** Refusals a front-end makes before a request reaches the endpoints, worded once for every front-end. */
public final class Refusals {

    private Refusals() {
    }

    /** The 413 of a request whose body is over {@code limit} bytes; the connection closes after it. */
    public static HubResponse bodyTooLarge(int limit) {
        HubResponse response = HubResponse.text(413, "the request body is over the hub's limit of " + limit + " bytes");
        response.headers().set("Connection", "close");
        return response;
    }

    /** The 503 of a request that came while the hub was stopping. */
    public static HubResponse stopping() {
        HubResponse response = HubResponse.text(503, "the hub is stopping");
        response.headers().set("Retry-After", "1");
        return response;
    }
}
