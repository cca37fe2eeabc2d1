package dev.herald.redis;

import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One Redis server ({@code redis://}, {@code rediss://}), or the master that Sentinels name
 * ({@code redis-sentinel://}, {@code rediss-sentinel://}), which Lettuce asks the Sentinels for at every connection:
 * a link opened after a failover reaches the new master. With a read preference other than the master, the link
 * is a Lettuce master-replica connection, which sends reads to the replicas it discovers and writes to the master.
 */
final class ServerEndpoint implements RedisEndpoint {

    private final RedisClient client;
    private final RedisURI uri;
    private final Optional<ReadFrom> readFrom;

    ServerEndpoint(ClientResources resources, RedisURI uri, Optional<ReadFrom> readFrom) {
        this.client = RedisClient.create(resources);
        this.client.setOptions(ConnectionSettings.clientOptions());
        this.uri = uri;
        this.readFrom = readFrom;
    }

    @Override
    public CompletableFuture<RedisLink> open() {
        if (readFrom.isPresent()) {
            return MasterReplica.connectAsync(client, StringCodec.UTF8, uri).thenApply(connection -> {
                connection.setReadFrom(readFrom.get());
                return link(connection);
            });
        }
        return client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture().thenApply(ServerEndpoint::link);
    }

    private static RedisLink link(StatefulRedisConnection<String, String> connection) {
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
                // A master-replica connection sends every write, and WAIT, on its one connection to the master.
                return CompletableFuture.completedFuture(connection.async());
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
        return false;
    }

    @Override
    public String describe() {
        return uri.toString();
    }

    @Override
    public void shutdown() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
