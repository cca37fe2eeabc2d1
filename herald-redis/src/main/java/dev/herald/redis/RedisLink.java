package dev.herald.redis;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.concurrent.CompletableFuture;

/**
 * One open connection to the transport's Redis, whatever its topology: a server, the master a Sentinel names, or a
 * Redis Cluster. Commands with keys go where the topology (and the read preference) sends them.
 */
interface RedisLink {

    /** Commands sent without waiting, pipelined with every other caller's. */
    RedisClusterAsyncCommands<String, String> async();

    /** The same commands, each waiting for its reply (the tail's thread). */
    RedisClusterCommands<String, String> sync();

    /**
     * The connection to the master holding {@code key}, where a write and the {@code WAIT} that follows it must go
     * together: {@code WAIT} counts the replicas that hold the writes of its own connection.
     */
    CompletableFuture<RedisClusterAsyncCommands<String, String>> master(String key);

    /** Whether the connection is still open. */
    boolean isOpen();

    /** Closes the connection without waiting. */
    void closeAsync();
}
