package dev.herald.client.internal;

import dev.herald.client.ReconnectPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/** The waits before successive reconnections of one source, under a {@link ReconnectPolicy}. Not thread-safe. */
final class ReconnectBackoff {

    /** Past this many failures the wait has long reached any sensible cap; stop counting to avoid overflow. */
    private static final int MAX_COUNTED_FAILURES = 1024;

    private final ReconnectPolicy policy;
    private final DoubleSupplier random;
    private int failures;

    /** Backoff under {@code policy}, drawing jitter from {@code random}, which yields values in [0, 1). */
    public ReconnectBackoff(ReconnectPolicy policy, DoubleSupplier random) {
        this.policy = policy;
        this.random = random;
    }

    /**
     * The wait before the next attempt, counting this one as a failure.
     *
     * @param reconnectionTime the source's reconnection time; the wait is never shorter
     * @param healthy whether the lost connection stayed open long enough to reset the backoff
     * @param retryAfter a wait the server asked for; the wait is never shorter
     */
    public Duration next(Duration reconnectionTime, boolean healthy, Optional<Duration> retryAfter) {
        if (healthy) {
            failures = 0;
        }
        double floor = SharedThreads.nanos(reconnectionTime);
        double grown = floor * Math.pow(policy.multiplier(), failures);
        double ceiling = Math.max(floor, Math.min(grown, SharedThreads.nanos(policy.maxDelay())));
        double wait = ceiling - (ceiling - floor) * policy.jitter() * random.getAsDouble();
        failures = Math.min(failures + 1, MAX_COUNTED_FAILURES);
        Duration delay = Duration.ofNanos((long) wait);
        if (retryAfter.isPresent() && retryAfter.get().compareTo(delay) > 0) {
            return retryAfter.get();
        }
        return delay;
    }
}
