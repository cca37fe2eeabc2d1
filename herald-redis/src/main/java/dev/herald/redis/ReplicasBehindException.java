package dev.herald.redis;

import java.time.Duration;

/**
 * An append that the master stored but fewer replicas than required confirmed in time: not acknowledged, as a
 * failover could still lose it. Its message is what the publisher reads in the 503's body.
 */
final class ReplicasBehindException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ReplicasBehindException(String updateId, long confirmed, int required, Duration timeout) {
        super("update " + updateId + " is stored on the Redis master, but " + confirmed + " of the " + required
                + " replicas required confirmed it within " + timeout.toMillis() + " ms, so a failover could still"
                + " lose it; subscribers may already have received it. Retry the same update (same id, same fields):"
                + " the retry is not stored twice, and is answered 200 once the replicas hold it.", null, false,
                false);
    }
}
