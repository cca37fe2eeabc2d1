package dev.herald.redis;

import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A Redis Cluster, reached from its seed nodes ({@code redis-cluster://host:port[,host:port...]}). Lettuce's cluster
 * client reads the topology, sends each command to the node owning its key's slot, follows MOVED and ASK, and reads
 * the topology again when told to or when a node is lost. The transport's keys share one hash tag, so they live on
 * one master, and its scripts may touch them together.
 */
final class ClusterEndpoint implements RedisEndpoint {

    private final RedisClusterClient client;
    private final List<RedisURI> seeds;
    private final Optional<ReadFrom> readFrom;

    ClusterEndpoint(ClientResources resources, List<RedisURI> seeds, Optional<ReadFrom> readFrom) {
        this.client = RedisClusterClient.create(resources, seeds);
        this.client.setOptions(ConnectionSettings.clusterOptions());
        this.seeds = seeds;
        this.readFrom = readFrom;
    }

    @Override
    public CompletableFuture<RedisLink> open() {
        // The topology is read before each link: a link opened after a failover routes to the promoted replica.
        return client.refreshPartitionsAsync().toCompletableFuture()
                .thenCompose(read -> client.connectAsync(StringCodec.UTF8)).thenApply(connection -> {
            readFrom.ifPresent(connection::setReadFrom);
            return link(connection);
        });
    }

    private static RedisLink link(StatefulRedisClusterConnection<String, String> connection) {
        return new RedisLink() {
            @Override
            public RedisClusterAsyncCommands<String, String> async() {
                return connection.async();
            }

            @Override
            public RedisClusterCommands<String, String> sync() {
                return connection.sync();
            }

            @Override
            public CompletableFuture<RedisClusterAsyncCommands<String, String>> master(String key) {
                // WAIT has no key: the cluster connection would send it to any node. The write and its WAIT go on
                // the connection to the slot's master instead; a write that meets MOVED there fails, the link is
                // dropped, and the next one reads the topology again.
                RedisClusterNode master = connection.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
                if (master == null) {
                    return CompletableFuture.failedFuture(
                            new IllegalStateException("no master serves the slot of " + key + " yet"));
                }
                return connection.getConnectionAsync(master.getNodeId()).thenApply(node -> node.async());
            }

            @Override
            public boolean isOpen() {
                return connection.isOpen();
            }

            @Override
            public void closeAsync() {
                connection.closeAsync();
            }
        };
    }

    @Override
    public boolean clustered() {
        return true;
    }

    @Override
    public String describe() {
        return "Redis Cluster " + seeds;
    }

    @Override
    public void shutdown() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
