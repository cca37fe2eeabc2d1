package dev.herald.hub.internal.http;

import dev.herald.hub.internal.HubMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** {@code GET /healthz}: the hub is up, with its subscribers, connections, publishes, deliveries and uptime. */
final class HealthEndpoint implements Endpoint {

    private final HubContext hub;

    HealthEndpoint(HubContext hub) {
        this.hub = hub;
    }

    @Override
    public void handle(Exchange exchange) {
        HubMetrics metrics = hub.metrics();
        byte[] health = ("{\"status\":\"ok\",\"subscribers\":" + hub.streams().size()
                + ",\"connections\":" + metrics.connections()
                + ",\"publishes\":" + metrics.publishes()
                + ",\"deliveries\":" + metrics.deliveries()
                + ",\"uptimeSeconds\":" + Duration.between(hub.startedAt(), Instant.now()).toSeconds()
                + "}").getBytes(StandardCharsets.UTF_8);
        exchange.respond(200, "application/json", health);
    }
}
