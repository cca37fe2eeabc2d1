package dev.herald.hub.internal.http;

import dev.herald.hub.HubHealth;
import dev.herald.hub.internal.HubMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /healthz}: the hub is up, with whether it is ready for more subscribers (and why not: draining, its
 * transport unreachable, full), its subscribers, connections, publishes, deliveries and uptime. The probes are
 * {@link ProbeEndpoint}'s.
 */
final class HealthEndpoint implements Endpoint {

    private final HubContext hub;

    HealthEndpoint(HubContext hub) {
        this.hub = hub;
    }

    @Override
    public void handle(Exchange exchange) {
        HubMetrics metrics = hub.metrics();
        HubHealth state = hub.health();
        byte[] health = ("{\"status\":\"ok\",\"ready\":" + state.ready() + ",\"reason\":\"" + state.reason()
                + "\",\"full\":" + state.full() + ",\"subscribers\":" + state.subscribers()
                + ",\"connections\":" + metrics.connections()
                + ",\"publishes\":" + metrics.publishes()
                + ",\"deliveries\":" + metrics.deliveries()
                + ",\"uptimeSeconds\":" + Duration.between(hub.startedAt(), Instant.now()).toSeconds()
                + "}").getBytes(StandardCharsets.UTF_8);
        exchange.respond(200, "application/json", health);
    }
}
