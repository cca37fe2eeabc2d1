package dev.herald.hub.internal.http;

import dev.herald.hub.HubHealth;
import dev.herald.hub.frontend.Headers;
import dev.herald.hub.frontend.HubResponse;
import java.nio.charset.StandardCharsets;

/**
 * The probes of an orchestrator or load balancer: {@code GET /healthz/live} answers 200 while the hub serves at all
 * (a hub that stops answering it should be restarted); {@code GET /healthz/ready} answers 200 while the hub should
 * be sent new subscribers, 503 with the reason while not (draining, its transport unreachable, full). Both answer
 * on a connection over the limit too (see {@link Routes#probe}): a full hub is live, and not ready.
 */
final class ProbeEndpoint implements Endpoint {

    /** Which probe. */
    enum Probe { LIVE, READY }

    private final HubContext hub;
    private final Probe probe;

    ProbeEndpoint(HubContext hub, Probe probe) {
        this.hub = hub;
        this.probe = probe;
    }

    @Override
    public void handle(Exchange exchange) {
        exchange.send(answer());
    }

    /** The probe's answer. */
    HubResponse answer() {
        HubHealth health = hub.health();
        boolean up = probe == Probe.LIVE || health.ready();
        String status = probe == Probe.LIVE ? "live" : health.reason();
        return new HubResponse(up ? 200 : 503, new Headers().set("Content-Type", "application/json"),
                ("{\"status\":\"" + status + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
