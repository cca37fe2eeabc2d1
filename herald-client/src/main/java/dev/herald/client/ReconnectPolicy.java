package dev.herald.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link EventSource} waits before reconnecting. Immutable; build one with {@link #builder()}.
 *
 * <p>The wait starts at the reconnection time: the server's latest {@code retry} field, or
 * {@link #initialDelay()} until the server sends one. Each consecutive failure multiplies it by
 * {@link #multiplier()}, up to {@link #maxDelay()}; {@link #jitter()} then takes a random part of the growth away,
 * so that many clients dropped at once do not return at once. The wait is never shorter than the reconnection
 * time, so a server's {@code retry} is always honoured. A connection that stayed open for {@link #resetAfter()}
 * resets the count of failures.
 *
 * <p>The {@linkplain #standard() standard} policy is the specification's: a constant 3 seconds, reconnecting only
 * after network errors and the end of the stream.
 */
public final class ReconnectPolicy {

    private static final ReconnectPolicy STANDARD = builder().build();

    private final Duration initialDelay;
    private final double multiplier;
    private final Duration maxDelay;
    private final double jitter;
    private final Duration resetAfter;
    private final boolean retryServerErrors;

    private ReconnectPolicy(Builder builder) {
        this.initialDelay = builder.initialDelay;
        this.multiplier = builder.multiplier;
        this.maxDelay = builder.maxDelay;
        this.jitter = builder.jitter;
        this.resetAfter = builder.resetAfter;
        this.retryServerErrors = builder.retryServerErrors;
    }

    /** The specification's behaviour: reconnect after 3 seconds (or the server's {@code retry}), without backoff. */
    public static ReconnectPolicy standard() {
        return STANDARD;
    }

    /** A builder starting from the {@linkplain #standard() standard} policy. */
    public static Builder builder() {
        return new Builder();
    }

    /** The reconnection time until the server sends a {@code retry} field. */
    public Duration initialDelay() {
        return initialDelay;
    }

    /** The factor the wait grows by with each consecutive failure; 1 means no backoff. */
    public double multiplier() {
        return multiplier;
    }

    /** The most the backoff may grow the wait to; a server's larger {@code retry} still wins. */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** The fraction, from 0 to 1, of the backoff's growth that is randomly taken away. */
    public double jitter() {
        return jitter;
    }

    /** How long a connection must stay open for the backoff to start over. */
    public Duration resetAfter() {
        return resetAfter;
    }

    /**
     * Whether a 5xx or 429 response is retried, honouring its {@code Retry-After} header, instead of closing the
     * source for good as the specification says.
     */
    public boolean retryServerErrors() {
        return retryServerErrors;
    }

    /** A builder holding this policy's settings, to derive a changed copy. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.initialDelay = initialDelay;
        builder.multiplier = multiplier;
        builder.maxDelay = maxDelay;
        builder.jitter = jitter;
        builder.resetAfter = resetAfter;
        builder.retryServerErrors = retryServerErrors;
        return builder;
    }

    @Override
    public String toString() {
        return "ReconnectPolicy[initialDelay=" + initialDelay + ", multiplier=" + multiplier + ", maxDelay="
                + maxDelay + ", jitter=" + jitter + ", resetAfter=" + resetAfter + ", retryServerErrors="
                + retryServerErrors + "]";
    }

    /** Builds a {@link ReconnectPolicy}. Not thread-safe. */
    public static final class Builder {
        private Duration initialDelay = Duration.ofSeconds(3);
        private double multiplier = 1;
        private Duration maxDelay = Duration.ofSeconds(30);
        private double jitter;
        private Duration resetAfter = Duration.ofSeconds(60);
        private boolean retryServerErrors;

        private Builder() {
        }

        /** The reconnection time until the server sends a {@code retry} field; 3 seconds by default. */
        public Builder initialDelay(Duration initialDelay) {
            this.initialDelay = requireNotNegative(initialDelay, "initialDelay");
            return this;
        }

        /**
         * Grows the wait by {@code multiplier} with each consecutive failure, up to {@code maxDelay}; by default
         * the wait does not grow.
         */
        public Builder backoff(double multiplier, Duration maxDelay) {
            if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
                throw new IllegalArgumentException("multiplier must be a finite number of at least 1: " + multiplier);
            }
            this.multiplier = multiplier;
            this.maxDelay = requireNotNegative(maxDelay, "maxDelay");
            return this;
        }

        /** Takes a random part, up to this fraction, of the backoff's growth away; 0 by default. */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0 && jitter <= 1)) {
                throw new IllegalArgumentException("jitter must be between 0 and 1: " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        /** How long a connection must stay open for the backoff to start over; 60 seconds by default. */
        public Builder resetAfter(Duration resetAfter) {
            this.resetAfter = requireNotNegative(resetAfter, "resetAfter");
            return this;
        }

        /** Whether 5xx and 429 responses are retried, honouring {@code Retry-After}; off by default. */
        public Builder retryServerErrors(boolean retryServerErrors) {
            this.retryServerErrors = retryServerErrors;
            return this;
        }

        /** The policy; throws {@link IllegalArgumentException} when the maximum is below the initial delay. */
        public ReconnectPolicy build() {
            if (multiplier > 1 && maxDelay.compareTo(initialDelay) < 0) {
                throw new IllegalArgumentException("maxDelay " + maxDelay + " is below initialDelay " + initialDelay);
            }
            return new ReconnectPolicy(this);
        }

        private static Duration requireNotNegative(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative: " + duration);
            }
            return duration;
        }
    }
}
