package dev.herald.hub.internal.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * How JWK Sets are kept fresh. A fetched set is trusted for {@link #period()}, then fetched again on the next token
 * that needs it, so a key the issuer removed stops being trusted within that time. A token naming a {@code kid} the
 * cached set lacks triggers an early fetch (key rotation without a restart), but fetches of one issuer's set are
 * rate-limited by Nimbus to at most two per {@link #minimumInterval()}, so a flood of tokens with made-up key ids
 * cannot flood the issuer's endpoint.
 *
 * @param period how long a fetched JWK Set is used before it is fetched again
 * @param minimumInterval the rate limiter's window; shorter than {@code period}
 */
public record JwksRefresh(Duration period, Duration minimumInterval) {

    /** Five minutes of caching, refreshes rate-limited over 30 seconds: Nimbus's defaults. */
    public static final JwksRefresh DEFAULT = new JwksRefresh(Duration.ofMinutes(5), Duration.ofSeconds(30));

    /**
     * Checks the durations.
     *
     * @throws IllegalArgumentException unless both are positive and {@code minimumInterval} is shorter than
     *     {@code period}
     */
    public JwksRefresh {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(minimumInterval, "minimumInterval");
        if (minimumInterval.isNegative() || minimumInterval.isZero() || period.compareTo(minimumInterval) <= 0) {
            throw new IllegalArgumentException("the JWK Set refresh period (" + period + ") must be longer than its "
                    + "positive minimum interval (" + minimumInterval + ")");
        }
    }
}
