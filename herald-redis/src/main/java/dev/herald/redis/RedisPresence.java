package dev.herald.redis;

import dev.herald.hub.Presence;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes' active subscriptions in Redis, beside the stream {@code K} (and in its hash slot):
 * <ul>
 * <li>{@code K:presence:NODE}, a hash from each subscription's id to its document, one per node;</li>
 * <li>{@code K:alive:NODE}, which expires {@code ttl} after the node's last heartbeat (every third of it);</li>
 * <li>{@code K:nodes}, the set of nodes that have a hash.</li>
 * </ul>
 * A list reads the hashes of the nodes still alive. At each heartbeat a node looks for nodes whose liveness key
 * expired; the first to claim one ({@code SET K:reaped:NODE ... NX}) announces the end of each of its subscriptions,
 * then deletes its hash: each end is announced once, within {@code ttl} and a third after the node's last heartbeat.
 * A node that closes cleanly deletes its own record, as the hub announces no end at shutdown.
 */
final class RedisPresence implements Presence, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisPresence.class);

    private final CommandConnection<RedisLink> commands;
    private final String base;
    private final String node = UUID.randomUUID().toString();
    private final Duration ttl;
    private final ScheduledExecutorService heartbeat;
    private volatile Consumer<String> lost;

    RedisPresence(CommandConnection<RedisLink> commands, String stream, Duration ttl) {
        this.commands = commands;
        this.base = stream;
        this.ttl = ttl;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "herald-redis-presence " + stream);
            thread.setDaemon(true);
            return thread;
        });
    }

    private String hash(String of) {
        return base + ":presence:" + of;
    }

    private String alive(String of) {
        return base + ":alive:" + of;
    }

    private String nodes() {
        return base + ":nodes";
    }

    @Override
    public void added(String id, String document) {
        run(redis -> redis.hset(hash(node), id, document).toCompletableFuture());
    }

    @Override
    public void removed(String id) {
        run(redis -> redis.hdel(hash(node), id).toCompletableFuture());
    }

    @Override
    public CompletableFuture<List<String>> others() {
        return commands.link().thenCompose(link -> {
            RedisClusterAsyncCommands<String, String> redis = link.async();
            return redis.smembers(nodes()).toCompletableFuture().thenCompose(members -> {
                List<CompletableFuture<List<String>>> each = new ArrayList<>();
                for (String other : members) {
                    if (!other.equals(node)) {
                        each.add(redis.exists(alive(other)).toCompletableFuture().thenCompose(live -> live > 0
                                ? redis.hvals(hash(other)).toCompletableFuture()
                                : CompletableFuture.completedFuture(List.of())));
                    }
                }
                return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(done -> {
                    List<String> documents = new ArrayList<>();
                    each.forEach(found -> documents.addAll(found.join()));
                    return documents;
                });
            });
        });
    }

    @Override
    public void start(Consumer<String> lostSubscription) {
        this.lost = lostSubscription;
        long every = Math.max(1, ttl.toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(this::beat, 0, every, TimeUnit.MILLISECONDS);
    }

    /** Renews this node's liveness, then announces the subscriptions of nodes whose liveness expired. */
    private void beat() {
        try {
            RedisClusterAsyncCommands<String, String> redis = commands.link()
                    .get(ConnectionSettings.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).async();
            redis.set(alive(node), "1", SetArgs.Builder.px(ttl.toMillis())).toCompletableFuture()
                    .get(ConnectionSettings.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            redis.sadd(nodes(), node);
            for (String other : redis.smembers(nodes()).get(ConnectionSettings.COMMAND_TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS)) {
                if (!other.equals(node) && redis.exists(alive(other)).get() == 0) {
                    reap(redis, other);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Redis away: the next beat tries again; other nodes see this one as alive until its key expires.
            LOG.debug("presence heartbeat failed: {}", e.toString());
        }
    }

    private void reap(RedisClusterAsyncCommands<String, String> redis, String dead) throws Exception {
        // The claim outlives the dead node's record, so that a node arriving late does not announce it again.
        String claimed = redis.set(base + ":reaped:" + dead, node, SetArgs.Builder.nx().px(ttl.toMillis() * 10))
                .get(ConnectionSettings.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!"OK".equals(claimed)) {
            return;
        }
        Map<String, String> subscriptions = redis.hgetall(hash(dead))
                .get(ConnectionSettings.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("node {} stopped without ending its {} subscriptions; announcing their end", dead,
                subscriptions.size());
        Consumer<String> announce = lost;
        for (String document : subscriptions.values()) {
            announce.accept(document);
        }
        redis.del(hash(dead));
        redis.srem(nodes(), dead);
    }

    private void run(Function<RedisClusterAsyncCommands<String, String>, CompletableFuture<?>> command) {
        commands.link().thenCompose(link -> command.apply(link.async())).exceptionally(failure -> {
            LOG.debug("presence not recorded: {}", failure.toString());
            return null;
        });
    }

    /** Stops the heartbeat and deletes this node's record. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        if (lost == null) {
            return;
        }
        try {
            commands.link().thenCompose(link -> link.async().del(hash(node), alive(node))
                    .thenCompose(deleted -> link.async().srem(nodes(), node)).toCompletableFuture())
                    .get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("presence record not deleted: {}", e.toString());
        }
    }
}
