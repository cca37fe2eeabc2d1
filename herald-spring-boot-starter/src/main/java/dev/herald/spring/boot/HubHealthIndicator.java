package dev.herald.spring.boot;

import dev.herald.hub.Hub;
import dev.herald.hub.HubOptions;
import dev.herald.hub.OptionValues;
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
    private final OptionValues options;

    /** Reports on {@code hub}, which logs to {@code transport} and is configured by {@code options}. */
    public HubHealthIndicator(Hub hub, Transport transport, OptionValues options) {
        this.hub = hub;
        this.transport = transport;
        this.options = options;
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
        if (options.isSet(HubOptions.PORT)) {
            health.withDetail("url", hub.url());
        } else {
            health.withDetail("path", options.get(HubOptions.PATH));
        }
        return health.build();
    }
}
