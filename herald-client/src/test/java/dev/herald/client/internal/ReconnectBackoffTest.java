package dev.herald.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.client.ReconnectPolicy;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void theStandardPolicyAlwaysWaitsTheReconnectionTime() {
        ReconnectBackoff backoff = new ReconnectBackoff(ReconnectPolicy.standard(), () -> 0.5);
        for (int i = 0; i < 5; i++) {
            assertThat(backoff.next(Duration.ofSeconds(3), false, Optional.empty())).isEqualTo(Duration.ofSeconds(3));
        }
    }

    @Test
    void exponentialBackoffGrowsUpToTheCap() {
        ReconnectPolicy policy = ReconnectPolicy.builder().backoff(2, Duration.ofSeconds(10)).build();
        ReconnectBackoff backoff = new ReconnectBackoff(policy, () -> 0);
        assertThat(backoff.next(SECOND, false, Optional.empty())).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.next(SECOND, false, Optional.empty())).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.next(SECOND, false, Optional.empty())).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.next(SECOND, false, Optional.empty())).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.next(SECOND, false, Optional.empty())).isEqualTo(Duration.ofSeconds(10));
        for (int i = 0; i < 2000; i++) { // no overflow however long it fails
            assertThat(backoff.next(SECOND, false, Optional.empty())).isEqualTo(Duration.ofSeconds(10));
        }
    }

    @Test
    void aHealthyConnectionResetsTheBackoff() {
        ReconnectPolicy policy = ReconnectPolicy.builder().backoff(2, Duration.ofSeconds(10)).build();
        ReconnectBackoff backoff = new ReconnectBackoff(policy, () -> 0);
        backoff.next(SECOND, false, Optional.empty());
        backoff.next(SECOND, false, Optional.empty());
        assertThat(backoff.next(SECOND, false, Optional.empty())).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.next(SECOND, true, Optional.empty())).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.next(SECOND, false, Optional.empty())).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void jitterTakesAwayPartOfTheGrowthButNeverGoesBelowTheReconnectionTime() {
        ReconnectPolicy policy = ReconnectPolicy.builder().backoff(2, Duration.ofSeconds(100)).jitter(0.5).build();
        ReconnectBackoff most = new ReconnectBackoff(policy, () -> 0.999_999);
        most.next(SECOND, false, Optional.empty());
        most.next(SECOND, false, Optional.empty());
        // Third failure: 4 s grown from 1 s; half of the 3 s growth may go.
        assertThat(most.next(SECOND, false, Optional.empty())).isBetween(Duration.ofMillis(2500), Duration.ofMillis(2501));
        ReconnectBackoff fullJitter = new ReconnectBackoff(policy.toBuilder().jitter(1).build(), () -> 0.999_999);
        for (int i = 0; i < 10; i++) {
            assertThat(fullJitter.next(SECOND, false, Optional.empty())).isGreaterThanOrEqualTo(SECOND);
        }
    }

    @Test
    void theServersRetryWinsOverTheCap() {
        ReconnectPolicy policy = ReconnectPolicy.builder().backoff(2, Duration.ofSeconds(5)).build();
        ReconnectBackoff backoff = new ReconnectBackoff(policy, () -> 0);
        assertThat(backoff.next(Duration.ofSeconds(60), false, Optional.empty())).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoff.next(Duration.ofSeconds(60), false, Optional.empty())).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void retryAfterWinsWhenLonger() {
        ReconnectBackoff backoff = new ReconnectBackoff(ReconnectPolicy.standard(), () -> 0);
        assertThat(backoff.next(SECOND, false, Optional.of(Duration.ofSeconds(30)))).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.next(SECOND, false, Optional.of(Duration.ZERO))).isEqualTo(SECOND);
    }

    @Test
    void anAbsurdRetryDoesNotOverflow() {
        ReconnectPolicy policy = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(1)).backoff(2, SECOND).build();
        ReconnectBackoff backoff = new ReconnectBackoff(policy, () -> 0);
        assertThat(backoff.next(Duration.ofMillis(Long.MAX_VALUE), false, Optional.empty()))
                .isGreaterThan(Duration.ofDays(100 * 365));
    }
}
