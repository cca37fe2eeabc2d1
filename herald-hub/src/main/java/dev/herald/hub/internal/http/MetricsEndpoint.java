package dev.herald.hub.internal.http;

import java.nio.charset.StandardCharsets;

/** {@code GET /metrics}: every meter, in the Prometheus text format. */
final class MetricsEndpoint implements Endpoint {

    private final HubContext hub;

    MetricsEndpoint(HubContext hub) {
        this.hub = hub;
    }

    @Override
    public void handle(Exchange exchange) {
        exchange.respond(200, "text/plain; version=0.0.4; charset=utf-8",
                hub.metrics().scrape().getBytes(StandardCharsets.UTF_8));
    }
}
