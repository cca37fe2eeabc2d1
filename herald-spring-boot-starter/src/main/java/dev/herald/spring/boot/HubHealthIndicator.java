package dev.herald.spring.boot;

import dev.herald.hub.Hub;
import dev.herald.hub.Transport;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The hub in Actuator's health ({@code herald}): up with its subscribers, where it is served and its transport's
 * newest update; down when the transport cannot say.
 */
public class HubHealthIndicator implements HealthIndicator {

    private final Hub hub;
    private final Transport transport;
    private final HubProperties properties;

    /** Reports on {@code hub}, which logs to {@code transport} and is configured by {@code properties}. */
    public HubHealthIndicator(Hub hub, Transport transport, HubProperties properties) {
        this.hub = hub;
        this.transport = transport;
        this.properties = properties;
    }

    /** Up with the hub's figures, or down with the transport's failure. */
    @Override
    public Health health() {
        Health.Builder health;
        try {
            health = Health.up().withDetail("lastEventId", transport.lastEventId().orElse("none"));
        } catch (RuntimeException e) {
            health = Health.down(e);
        }
        health.withDetail("subscribers", hub.subscribers())
                .withDetail("transport", transport.getClass().getSimpleName());
        if (properties.standalone()) {
            health.withDetail("url", hub.url());
        } else {
            health.withDetail("path", properties.path());
        }
        return health.build();
    }
}
