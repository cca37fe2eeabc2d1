package dev.herald.hub.internal.http;

import dev.herald.hub.frontend.HubResponse;
import dev.herald.hub.frontend.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /}: the hub's page, a static document whose inline script subscribes and publishes. */
final class PageEndpoint implements Endpoint {

    private static final byte[] PAGE = loadPage();

    @Override
    public void handle(Exchange exchange) {
        HubResponse response = new HubResponse(200, new Headers(), PAGE);
        response.headers().set("Content-Type", "text/html; charset=utf-8")
                // The page is static and its script inline; nothing else may load or run.
                .set("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; "
                        + "style-src 'unsafe-inline'; frame-ancestors 'none'");
        exchange.send(response);
    }

    private static byte[] loadPage() {
        try (InputStream in = PageEndpoint.class.getResourceAsStream("/dev/herald/hub/index.html")) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
