package dev.herald.hub.internal.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
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
    void decorate(Exchange exchange, HttpHeaders headers) {
        cors(exchange.headers(), headers);
        headers.set("X-Content-Type-Options", "nosniff").set("X-Frame-Options", "DENY");
        if (!headers.contains("Link")) {
            // Mercure discovery: every answer names the hub, so a client that reached any URL of it can find it.
            headers.set("Link", "<" + exchange.hubUrlOrDefault() + ">; rel=\"mercure\"");
        }
    }

    /** A CORS preflight's answer: what a browser may send, when the request's origin is allowed. */
    void preflight(Exchange exchange, HttpHeaders headers) {
        if (corsAllowed(exchange.headers())) {
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS")
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS,
                            "authorization, cache-control, last-event-id, content-type")
                    .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
        }
    }

    /**
     * Adds CORS headers when the request's origin is allowed. A configured {@code *} allows any origin, but then
     * without credentials, so that no site can act with a user's cookie.
     */
    private void cors(HttpHeaders request, HttpHeaders headers) {
        if (!corsAllowed(request)) {
            return;
        }
        String origin = request.get(HttpHeaderNames.ORIGIN);
        if (corsOrigins.contains(origin)) {
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        } else {
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        }
        headers.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN)
                .set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS,
                        "Link, Last-Event-ID, Mercure-Last-Event-ID, Retry-After, WWW-Authenticate");
    }

    /** Whether the request has an origin that is listed, or any origin is allowed. */
    private boolean corsAllowed(HttpHeaders request) {
        String origin = request.get(HttpHeaderNames.ORIGIN);
        return origin != null && (corsOrigins.contains(origin) || corsOrigins.contains("*"));
    }
}
