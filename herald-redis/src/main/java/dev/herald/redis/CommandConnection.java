package dev.herald.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The connection that appends and reads history, shared by every caller (Lettuce pipelines their commands).
 *
 * <p>It is opened with Lettuce's automatic reconnection off, so that a command cut off by a lost connection fails
 * instead of being sent again later: a publisher told "unavailable" must not find its update stored twice, or
 * stored after the hub answered. When the connection is lost, the next command opens a new one.
 */
final class CommandConnection implements AutoCloseable {

    private final RedisClient client;
    private final RedisURI uri;
    private final AtomicReference<CompletableFuture<StatefulRedisConnection<String, String>>> current;
    private volatile boolean closed;

    CommandConnection(RedisClient client, RedisURI uri) {
        this.client = client;
        this.uri = uri;
        this.current = new AtomicReference<>(
                CompletableFuture.failedFuture(new IllegalStateException("not connected yet")));
    }

    /** The commands of an open connection, opening one when there is none; fails when Redis cannot be reached. */
    CompletableFuture<RedisAsyncCommands<String, String>> commands() {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the transport is closed"));
        }
        CompletableFuture<StatefulRedisConnection<String, String>> connection = current.get();
        if (isDead(connection)) {
            CompletableFuture<StatefulRedisConnection<String, String>> fresh = new CompletableFuture<>();
            if (current.compareAndSet(connection, fresh)) {
                connection.thenAccept(StatefulRedisConnection::closeAsync);
                client.connectAsync(StringCodec.UTF8, uri).whenComplete((opened, failure) -> {
                    if (failure != null) {
                        fresh.completeExceptionally(failure);
                    } else if (closed) {
                        opened.closeAsync();
                        fresh.completeExceptionally(new IllegalStateException("the transport is closed"));
                    } else {
                        fresh.complete(opened);
                    }
                });
            }
            connection = current.get();
        }
        return connection.thenApply(StatefulRedisConnection::async);
    }

    private static boolean isDead(CompletableFuture<StatefulRedisConnection<String, String>> connection) {
        return connection.isDone() && (connection.isCompletedExceptionally() || !connection.join().isOpen());
    }

    @Override
    public void close() {
        closed = true;
        current.get().thenAccept(StatefulRedisConnection::close);
    }
}
