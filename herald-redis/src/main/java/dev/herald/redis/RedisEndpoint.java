package dev.herald.redis;

import java.util.concurrent.CompletableFuture;

/**
 * Where the transport's Redis is, as its name says: {@code redis://} or {@code rediss://} (one server),
 * {@code redis-sentinel://} (the master the Sentinels name, found again after a failover) or
 * {@code redis-cluster://} (a Redis Cluster from its seed nodes). It opens {@link RedisLink}s; a link that
 * failed is dropped and a new one opened, which finds the master anew.
 */
interface RedisEndpoint {

    /** Opens a link; fails when no master can be reached. */
    CompletableFuture<RedisLink> open();

    /** Whether keys are spread over the slots of a Redis Cluster (the transport's keys then share a hash tag). */
    boolean clustered();

    /** The name without its credentials, for messages. */
    String describe();

    /** Closes the client and its threads. */
    void shutdown();
}
