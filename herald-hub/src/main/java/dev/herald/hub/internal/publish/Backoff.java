package dev.herald.hub.internal.publish;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The waits between the attempts to publish one update: doubling from {@code initial}, with jitter so that
 * publishers turned away together do not all come back together, and never shorter than the hub's
 * {@code Retry-After}.
 *
 * @param maxAttempts the most attempts per update, the first included; 1 for no retry
 * @param initial the wait before the second attempt, before jitter
 */
public record Backoff(int maxAttempts, Duration initial) {

    /** The longest wait between two attempts: a publisher blocked longer than this is better told. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(30);

    /** Checks that at least one attempt is made and the initial wait is not negative. */
    public Backoff {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        Objects.requireNonNull(initial, "initial");
        if (initial.isNegative()) {
            throw new IllegalArgumentException("the initial backoff must not be negative: " + initial);
        }
    }

    /**
     * The wait before the next attempt once {@code failedAttempts} (from 1) have failed: between half and all of
     * {@code initial} doubled for each failure but the first, at most {@link #MAX_WAIT}, and no shorter than
     * {@code retryAfter}. Empty when no attempt is left, or when the hub asks for a wait longer than
     * {@link #MAX_WAIT}.
     *
     * @param random gives the jitter, values in [0, 1)
     */
    Optional<Duration> after(int failedAttempts, Optional<Duration> retryAfter, DoubleSupplier random) {
        if (failedAttempts >= maxAttempts || tooLong(retryAfter)) {
            return Optional.empty();
        }
        double doubled = initial.toNanos() * Math.pow(2, Math.min(failedAttempts - 1, 62));
        double ceiling = Math.min(doubled, MAX_WAIT.toNanos());
        Duration jittered = Duration.ofNanos((long) (ceiling / 2 + ceiling / 2 * random.getAsDouble()));
        return Optional.of(retryAfter.filter(wait -> wait.compareTo(jittered) > 0).orElse(jittered));
    }

    /** Whether the hub asked for a wait longer than this publisher waits. */
    static boolean tooLong(Optional<Duration> retryAfter) {
        return retryAfter.filter(wait -> wait.compareTo(MAX_WAIT) > 0).isPresent();
    }
}
