package dev.herald.hub.internal.http;

import dev.herald.hub.frontend.Headers;
import java.util.List;

/**
 * The headers every response of the hub carries, in one place: CORS when the request's origin is allowed, the
 * security headers, and Mercure's discovery {@code Link} to the hub (unless the response names the hub itself).
 * Full responses get them in {@link Exchange#send}, a stream's head through its sink.
 */
final class ResponseHeaders {

    private final List<String> corsOrigins;

    /** @param corsOrigins origins allowed to call the hub from a browser, with credentials ({@code *}: any, without) */
    ResponseHeaders(List<String> corsOrigins) {
        this.corsOrigins = List.copyOf(corsOrigins);
    }

    /**
     * Adds to the headers of a response to {@code exchange} CORS (when the request's origin is allowed), the
     * security headers, and the discovery {@code Link} to the hub when they have no {@code Link} yet.
     */
    void decorate(Exchange exchange, Headers headers) {
        cors(exchange.headers(), headers);
        headers.set("X-Content-Type-Options", "nosniff").set("X-Frame-Options", "DENY");
        if (!headers.contains("Link")) {
            // Mercure discovery: every answer names the hub, so a client that reached any URL of it can find it.
            headers.set("Link", "<" + exchange.hubUrlOrDefault() + ">; rel=\"mercure\"");
        }
    }

    /** A CORS preflight's answer: what a browser may send, when the request's origin is allowed. */
    void preflight(Exchange exchange, Headers headers) {
        if (corsAllowed(exchange.headers())) {
            headers.set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                    .set("Access-Control-Allow-Headers", "authorization, cache-control, last-event-id, content-type")
                    .set("Access-Control-Max-Age", "600");
        }
    }

    /**
     * Adds CORS headers when the request's origin is allowed. A configured {@code *} allows any origin, but then
     * without credentials, so that no site can act with a user's cookie.
     */
    private void cors(Headers request, Headers headers) {
        if (!corsAllowed(request)) {
            return;
        }
        String origin = request.first("Origin").orElseThrow();
        if (corsOrigins.contains(origin)) {
            headers.set("Access-Control-Allow-Origin", origin).set("Access-Control-Allow-Credentials", "true");
        } else {
            headers.set("Access-Control-Allow-Origin", "*");
        }
        headers.add("Vary", "Origin").set("Access-Control-Expose-Headers",
                "Link, Last-Event-ID, Mercure-Last-Event-ID, Retry-After, WWW-Authenticate");
    }

    /** Whether the request has an origin that is listed, or any origin is allowed. */
    private boolean corsAllowed(Headers request) {
        return request.first("Origin").filter(origin -> corsOrigins.contains(origin) || corsOrigins.contains("*"))
                .isPresent();
    }
}
