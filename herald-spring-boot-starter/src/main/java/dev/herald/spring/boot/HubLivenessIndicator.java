package dev.herald.spring.boot;

import dev.herald.hub.Hub;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The hub in the application's liveness ({@code heraldLiveness}, a member of the {@code liveness} group): up while
 * each of its event loops, where its streams are written, runs a task within {@link #ANSWER_WITHIN}; down when one is
 * stuck. It asks nothing of the transport: a Redis that is away makes the hub not ready, and restarting the
 * application would not bring it back.
 */
public class HubLivenessIndicator implements HealthIndicator {

    /** How long each loop may take to answer: well within a liveness probe's timeout (Kubernetes: 1 s by default). */
    static final Duration ANSWER_WITHIN = Duration.ofMillis(500);

    private final Hub hub;

    /** Reports whether {@code hub}'s loops answer. */
    public HubLivenessIndicator(Hub hub) {
        this.hub = hub;
    }

    /** Up when every loop answered, down when one did not. */
    @Override
    public Health health() {
        Health.Builder builder = hub.loopsAnswer(ANSWER_WITHIN) ? Health.up() : Health.down();
        return builder.withDetail("loopsAnswerWithin", ANSWER_WITHIN.toMillis() + "ms").build();
    }
}
