package dev.herald.redis;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@code WAIT numreplicas timeout} after appends, shared: one {@code WAIT} is in flight on the append connection at a
 * time, and appends that complete meanwhile share the next one, which covers every write sent before it on that
 * connection. {@code WAIT} blocks its connection until it returns, so one per append would line publishes up behind
 * each other's timeouts while a replica is away; shared, an append waits for at most two.
 */
final class ReplicaWait {

    private final Duration timeout;
    private boolean inFlight;
    private CompletableFuture<Long> queued;
    private RedisClusterAsyncCommands<String, String> queuedOn;

    ReplicaWait(Duration timeout) {
        this.timeout = timeout;
    }

    /** The timeout each {@code WAIT} is given. */
    Duration timeout() {
        return timeout;
    }

    /**
     * Completes with how many replicas acknowledged every write sent on {@code on} before this call (at least, up to
     * {@code replicas}), once they did or the timeout passed.
     */
    CompletableFuture<Long> acknowledged(RedisClusterAsyncCommands<String, String> on, int replicas) {
        CompletableFuture<Long> mine;
        synchronized (this) {
            if (inFlight) {
                if (queued == null || queuedOn == on) {
                    if (queued == null) {
                        queued = new CompletableFuture<>();
                        queuedOn = on;
                    }
                    return queued;
                }
                // A new connection while the old one's WAIT is still out: this append's WAIT must go on its own.
                return send(on, replicas);
            }
            inFlight = true;
            mine = send(on, replicas);
        }
        return mine;
    }

    private CompletableFuture<Long> send(RedisClusterAsyncCommands<String, String> on, int replicas) {
        CompletableFuture<Long> sent = on.waitForReplication(replicas, timeout.toMillis()).toCompletableFuture();
        sent.whenComplete((count, failure) -> next(replicas));
        return sent;
    }

    private void next(int replicas) {
        CompletableFuture<Long> waiting;
        RedisClusterAsyncCommands<String, String> on;
        synchronized (this) {
            waiting = queued;
            on = queuedOn;
            queued = null;
            queuedOn = null;
            if (waiting == null) {
                inFlight = false;
                return;
            }
        }
        send(on, replicas).whenComplete((count, failure) -> {
            if (failure != null) {
                waiting.completeExceptionally(failure);
            } else {
                waiting.complete(count);
            }
        });
    }
}
