package dev.herald.sqlite;

import java.time.Duration;
import java.util.Objects;

/**
 * How much history the file keeps: at most {@code maxUpdates} updates, none older than {@code maxAge} (zero: no age
 * limit). The oldest updates leave first.
 *
 * @param maxUpdates the most updates kept; zero keeps none
 * @param maxAge the age past which an update leaves; {@link Duration#ZERO} for no limit
 */
record Retention(long maxUpdates, Duration maxAge) {

    Retention {
        if (maxUpdates < 0) {
            throw new IllegalArgumentException("the history size must not be negative: " + maxUpdates);
        }
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("the history's maximum age must not be negative: " + maxAge);
        }
    }

    /** Whether updates leave by age. */
    boolean byAge() {
        return !maxAge.isZero();
    }
}
