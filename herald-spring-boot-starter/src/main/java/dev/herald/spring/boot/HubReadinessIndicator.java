package dev.herald.spring.boot;

import dev.herald.hub.Hub;
import dev.herald.hub.HubHealth;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The hub in the application's readiness ({@code heraldReadiness}, a member of the {@code readiness} group): up while
 * it should be sent new subscribers; {@link Status#OUT_OF_SERVICE} with the reason ({@code draining},
 * {@code transport unavailable}, {@code full}, {@code stopped}) once it should not, as soon as its drain begins.
 */
public class HubReadinessIndicator implements HealthIndicator {

    private final Hub hub;

    /** Reports whether {@code hub} is ready. */
    public HubReadinessIndicator(Hub hub) {
        this.hub = hub;
    }

    /** Up, or out of service with the reason; with the subscribers connected now either way. */
    @Override
    public Health health() {
        HubHealth health = hub.health();
        Health.Builder builder = health.ready() ? Health.up() : Health.outOfService();
        return builder.withDetail("reason", health.reason()).withDetail("subscribers", health.subscribers()).build();
    }
}
