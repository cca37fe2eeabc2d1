package dev.herald.hub.internal.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final DoubleSupplier LOWEST = () -> 0;
    private static final DoubleSupplier HIGHEST = () -> 1;
    private static final Backoff FOUR = new Backoff(4, Duration.ofMillis(100));

    @Test
    void theWaitDoublesAfterEachFailureWithUpToHalfTakenOffAtRandom() {
        assertThat(FOUR.after(1, Optional.empty(), HIGHEST)).hasValue(Duration.ofMillis(100));
        assertThat(FOUR.after(1, Optional.empty(), LOWEST)).hasValue(Duration.ofMillis(50));
        assertThat(FOUR.after(2, Optional.empty(), HIGHEST)).hasValue(Duration.ofMillis(200));
        assertThat(FOUR.after(3, Optional.empty(), LOWEST)).hasValue(Duration.ofMillis(200));
    }

    @Test
    void noWaitFollowsTheLastAttempt() {
        assertThat(FOUR.after(4, Optional.empty(), HIGHEST)).isEmpty();
        assertThat(new Backoff(1, Duration.ZERO).after(1, Optional.empty(), HIGHEST)).isEmpty();
    }

    @Test
    void theWaitStopsGrowingAtTheMaximum() {
        Backoff many = new Backoff(100, Duration.ofSeconds(1));
        assertThat(many.after(99, Optional.empty(), HIGHEST)).hasValue(Backoff.MAX_WAIT);
        assertThat(many.after(99, Optional.empty(), LOWEST)).hasValue(Backoff.MAX_WAIT.dividedBy(2));
    }

    @Test
    void theHubsRetryAfterIsAFloorUpToTheMaximum() {
        assertThat(FOUR.after(1, Optional.of(Duration.ofSeconds(2)), HIGHEST)).hasValue(Duration.ofSeconds(2));
        assertThat(FOUR.after(1, Optional.of(Duration.ZERO), HIGHEST)).hasValue(Duration.ofMillis(100));
        assertThat(FOUR.after(1, Optional.of(Backoff.MAX_WAIT), HIGHEST)).hasValue(Backoff.MAX_WAIT);
        assertThat(FOUR.after(1, Optional.of(Backoff.MAX_WAIT.plusSeconds(1)), HIGHEST)).isEmpty();
    }

    @Test
    void atLeastOneAttemptAndNoNegativeWait() {
        assertThatThrownBy(() -> new Backoff(0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(2, Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
