package dev.herald.hub.internal.http;

import dev.herald.hub.HubHealth;
import dev.herald.hub.frontend.Headers;
import dev.herald.hub.frontend.HubResponse;
import dev.herald.hub.internal.HubMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /healthz}: the hub is up (200, {@code "status":"ok"}), with whether it is ready for more subscribers
 * (and why not: draining, its transport unreachable, full), its subscribers, connections, publishes, deliveries and
 * uptime. A full hub answers it too, on a connection over its limit: 200 with {@code "full":true}, so that a checker
 * tells a full hub from a broken one. The probes are {@link ProbeEndpoint}'s.
 */
final class HealthEndpoint implements Endpoint {

    private final HubContext hub;

    HealthEndpoint(HubContext hub) {
        this.hub = hub;
    }

    @Override
    public void handle(Exchange exchange) {
        exchange.send(answer());
    }

    /** The answer, also given on a connection over the limit (see {@link Routes#probe}). */
    HubResponse answer() {
        HubMetrics metrics = hub.metrics();
        HubHealth state = hub.health();
        byte[] health = ("{\"status\":\"ok\",\"ready\":" + state.ready() + ",\"reason\":\"" + state.reason()
                + "\",\"full\":" + state.full() + ",\"subscribers\":" + state.subscribers()
                + ",\"connections\":" + metrics.connections()
                + ",\"publishes\":" + metrics.publishes()
                + ",\"deliveries\":" + metrics.deliveries()
                + ",\"uptimeSeconds\":" + Duration.between(hub.startedAt(), Instant.now()).toSeconds()
                + "}").getBytes(StandardCharsets.UTF_8);
        return new HubResponse(200, new Headers().set("Content-Type", "application/json"), health);
    }
}
