package dev.herald.redis;

import dev.herald.hub.HubOptions;
import dev.herald.hub.MemoryTransport;
import dev.herald.hub.Presence;
import dev.herald.hub.Transport;
import dev.herald.hub.TransportUnavailableException;
import dev.herald.hub.Update;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Transport} on a Redis stream: every hub node given the same Redis and stream key shares one log, so an
 * update published on any node reaches subscribers on every node, and a Last-Event-ID issued by one node resumes
 * on any other.
 *
 * <pre>{@code
 * Hub hub = Hub.builder().transport(RedisTransport.of("redis://redis.internal:6379/0")).build().start();
 * }</pre>
 *
 * <p>What it keeps in Redis, for a stream key {@code K} (default {@value #DEFAULT_STREAM_KEY}):
 * <ul>
 * <li>{@code K}, the stream: one entry per update (fields: {@code id}, {@code topics} as a JSON array,
 * {@code private} 1/0, {@code type} and {@code retry} in milliseconds when set, {@code data}), trimmed with
 * {@code MAXLEN ~ maxLength} on every append;</li>
 * <li>{@code K:ids}, a hash from update id to stream entry id, and {@code K:order}, the same pairs as a list in
 * stream order. A Lua script writes the entry and the index keys at once and drops the index entries of what the
 * trim removed, so a Last-Event-ID is found with one HGET however long the history is;</li>
 * <li>for ids published more than once (Mercure resolves such an id to its earliest update still in history):
 * {@code K:reused-next}, from an entry to the next entry with the same update id, and {@code K:reused-newest},
 * from such an id to its newest entry.</li>
 * </ul>
 *
 * <p>Positions are derived from entry ids as {@code ms << 20 | seq} (see {@code EntryId}); they increase along
 * the stream and mean the same on every node.
 *
 * <p>Each node follows the stream with {@code XREAD BLOCK} on a connection and thread of its own, from the stream's
 * newest entry at {@link #start(Listener)}. When Redis is unreachable, appends and replays fail at once with
 * {@link TransportUnavailableException} (the hub answers 503), the tail retries with a growing pause, and once
 * Redis is back it reads on after the last entry it delivered.
 *
 * <p>Durability is Redis's: an update is acknowledged once Redis has it in memory; what survives a Redis crash
 * depends on its persistence settings (and, with replicas, on {@code WAIT}, which this transport does not use).
 */
public final class RedisTransport implements Transport {

    /** The stream key used unless another is given. */
    public static final String DEFAULT_STREAM_KEY = "herald:updates";
    /** The approximate number of updates kept unless another is given: the hub's {@link HubOptions#HISTORY_SIZE}. */
    public static final long DEFAULT_MAX_LENGTH = HubOptions.HISTORY_SIZE.defaultValue().orElseThrow();

    /** How long an append waits for its replicas unless told otherwise. */
    public static final Duration DEFAULT_REPLICA_TIMEOUT = Duration.ofSeconds(1);
    /** How long a node's subscriptions outlive its last heartbeat unless told otherwise. */
    public static final Duration DEFAULT_PRESENCE_TTL = Duration.ofSeconds(10);
    /** The longest wait for replicas: below the timeout of every command. */
    public static final Duration MAX_REPLICA_TIMEOUT = Duration.ofSeconds(3);

    private static final Logger LOG = LoggerFactory.getLogger(RedisTransport.class);
    private static final LuaScript APPEND = LuaScript.load("append.lua");
    private static final LuaScript REPLAY_START = LuaScript.load("replay-start.lua");

    private final RedisEndpoint endpoint;
    private final String stream;
    private final String[] appendKeys;
    private final String[] replayKeys;
    private final String maxLength;
    private final boolean readsFromReplicas;
    private final ReplicasToWait replicasToWait;
    private final ReplicaWait replicaWait;
    private final ClientResources resources;
    private final CommandConnection<RedisLink> commands;
    /** Appends on a connection of their own: a WAIT blocks its connection until replicas answer. */
    private final CommandConnection<WriteLink> writes;
    private final RedisPresence presence;
    private final NewestEntry newest = new NewestEntry();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile StreamTail tail;

    private RedisTransport(Builder builder) {
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        try {
            this.endpoint = RedisName.endpoint(builder.name, resources, builder.readFrom);
        } catch (RuntimeException e) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
        // In a Redis Cluster, keys the append script touches together must share a slot: one hash tag for all.
        this.stream = endpoint.clustered() && !hasHashTag(builder.streamKey) ? "{" + builder.streamKey + "}"
                : builder.streamKey;
        this.appendKeys = new String[] {stream, stream + ":ids", stream + ":order", stream + ":reused-next",
                stream + ":reused-newest"};
        this.replayKeys = new String[] {stream, stream + ":ids"};
        this.maxLength = Long.toString(builder.maxLength);
        this.readsFromReplicas = builder.readFrom.isPresent();
        this.replicasToWait = builder.replicasToWait;
        this.replicaWait = new ReplicaWait(builder.replicaTimeout);
        this.commands = CommandConnection.plain(endpoint);
        this.presence = new RedisPresence(commands, stream, builder.presenceTtl);
        this.writes = new CommandConnection<>(endpoint, link -> link.master(stream).thenCompose(master ->
                replicasToWait.count(master).thenApply(count -> new WriteLink(link, master, count))), WriteLink::link);
    }

    /** Whether {@code key} has a Redis Cluster hash tag: a non-empty {@code {...}}. */
    private static boolean hasHashTag(String key) {
        int open = key.indexOf('{');
        int close = open < 0 ? -1 : key.indexOf('}', open + 1);
        return close > open + 1;
    }

    /**
     * A transport on the Redis {@code name} names: {@code redis://[[user]:password@]host[:port][/db]} ({@code rediss://}
     * for TLS), {@code redis-sentinel://[[user]:password@]host[:port][,host[:port]...][/db]#master} or
     * {@code redis-cluster://[[user]:password@]host:port[,host:port...]}.
     */
    public static RedisTransport of(String name) {
        return builder(name).build();
    }

    /** A builder for a transport on the Redis {@code name} names (see {@link #of}). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Reads the stream's newest entry and starts following the stream after it; throws
     * {@link TransportUnavailableException} when Redis cannot be reached, as a node cannot know where to begin.
     */
    @Override
    public void start(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the transport was already started");
        }
        // "$" is resolved to a concrete entry id here, before this node appends anything: an update stored after
        // start() is after that id, so the tail delivers it, even when the tail's connection is slow to open.
        List<StreamMessage<String, String>> newestEntries;
        try {
            newestEntries = commands.link()
                    .thenCompose(link -> link.async().xrevrange(stream, Range.unbounded(), Limit.from(1)))
                    .get(ConnectionSettings.COMMAND_TIMEOUT.toMillis() + ConnectionSettings.CONNECT_TIMEOUT.toMillis(),
                            TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        } catch (ExecutionException | TimeoutException e) {
            throw unavailable(e);
        }
        EntryId from = EntryId.ZERO;
        if (!newestEntries.isEmpty()) {
            StreamMessage<String, String> message = newestEntries.get(0);
            from = EntryId.parse(message.getId());
            String updateId = message.getBody().get(EntryFields.ID);
            if (updateId != null) {
                newest.advance(from, updateId);
            }
        }
        StreamTail follower = new StreamTail(endpoint, stream, from, listener, newest);
        tail = follower;
        follower.start();
        // Opened now, so that the first publish does not wait for it, and the log says what "auto" came to.
        String waitsFor = writes.link().thenApply(link -> Integer.toString(link.replicas()))
                .exceptionally(failure -> replicasToWait.toString()).join();
        LOG.info("following Redis stream {} at {} after entry {}{}; appends wait for {} replicas ({})", stream,
                endpoint.describe(), from, readsFromReplicas ? ", reading from replicas" : "", waitsFor,
                replicasToWait);
    }

    /**
     * Runs the append script (XADD with {@code MAXLEN ~}, and the id index), then, when replicas are waited for,
     * {@code WAIT}; completes once Redis replied and the replicas confirmed. When fewer replicas confirmed in time, it
     * fails with {@link TransportUnavailableException} (the hub answers 503) although the master holds the entry:
     * appends are then idempotent, so a retry of the same update (same id, same fields) is answered with that entry
     * instead of being stored twice.
     */
    @Override
    public CompletableFuture<Void> append(Update update) {
        List<String> fields = EntryFields.encode(update);
        CompletableFuture<Void> stored = new CompletableFuture<>();
        writes.link().thenCompose(link -> appendOn(link.master(), update, fields, link.replicas())
                .whenComplete((result, failure) -> {
                    if (failure != null && CommandConnection.mustDiscard(failure)) {
                        writes.discard(link);
                    }
                }))
                .whenComplete((result, failure) -> {
                    if (failure != null) {
                        stored.completeExceptionally(unavailable(failure));
                    } else {
                        stored.complete(null);
                    }
                });
        return stored;
    }

    private CompletableFuture<Void> appendOn(RedisClusterAsyncCommands<String, String> master, Update update,
            List<String> fields, int replicaCount) {
        String[] args = new String[3 + fields.size()];
        args[0] = maxLength;
        args[1] = update.id();
        args[2] = replicaCount > 0 ? "1" : "0";
        for (int i = 0; i < fields.size(); i++) {
            args[3 + i] = fields.get(i);
        }
        return APPEND.<List<Object>>run(master, ScriptOutputType.MULTI, appendKeys, args).thenCompose(reply -> {
            EntryId entry = EntryId.parse((String) reply.get(0));
            if (replicaCount == 0) {
                newest.advance(entry, update.id());
                return CompletableFuture.completedFuture(null);
            }
            return replicaWait.acknowledged(master, replicaCount).thenApply(acknowledged -> {
                if (acknowledged < replicaCount) {
                    throw new ReplicasBehindException(update.id(), acknowledged, replicaCount, replicaWait.timeout());
                }
                newest.advance(entry, update.id());
                return null;
            });
        });
    }

    /**
     * Looks the id up in the index and reads the head at the same instant, then reads the stream after the id up
     * to that head, a page at a time; fails with {@link TransportUnavailableException} when Redis cannot be read, or
     * when the stream was trimmed past the id while it was read.
     */
    @Override
    public CompletableFuture<Replay> replay(String lastEventId, Listener listener) {
        return replay(lastEventId, Long.MAX_VALUE, listener);
    }

    /** The same, stopping once about {@code maxBytes} of update data were read; {@link #replayAfter} reads on. */
    @Override
    public CompletableFuture<Replay> replay(String lastEventId, long maxBytes, Listener listener) {
        boolean everything = MemoryTransport.EARLIEST.equals(lastEventId);
        CompletableFuture<Replay> replay = new CompletableFuture<>();
        commands.link().thenCompose(link -> startReplay(link.async(), lastEventId, everything)
                .<Replay>thenCompose(start -> {
                    boolean found = "1".equals(start.get(0));
                    EntryId head = EntryId.parse((String) start.get(1));
                    Replay result = new Replay(found, head.position());
                    if (!found) {
                        return CompletableFuture.completedFuture(result);
                    }
                    HistoryRead history = new HistoryRead(link.async(), stream, head, maxBytes, listener,
                            readsFromReplicas);
                    CompletableFuture<Boolean> read = everything ? history.all()
                            : history.after(EntryId.parse((String) start.get(2)));
                    return read.thenApply(held -> {
                        if (!held) {
                            throw new IllegalStateException("the stream was trimmed past " + lastEventId
                                    + " while the replay read it; retry");
                        }
                        return result;
                    });
                }).whenComplete((result, failure) -> discardOnFailure(link, failure))).whenComplete((result, failure) -> {
                    if (failure != null) {
                        replay.completeExceptionally(unavailable(failure));
                    } else {
                        replay.complete(result);
                    }
                });
        return replay;
    }

    /** Reads the next page of a replay: the entries after position {@code afterPosition} up to {@code upToPosition}. */
    @Override
    public CompletableFuture<Boolean> replayAfter(long afterPosition, long upToPosition, long maxBytes,
            Listener listener) {
        CompletableFuture<Boolean> page = new CompletableFuture<>();
        commands.link().thenCompose(link -> new HistoryRead(link.async(), stream, EntryId.atPosition(upToPosition),
                maxBytes, listener, readsFromReplicas).after(EntryId.atPosition(afterPosition))
                .whenComplete((held, failure) -> discardOnFailure(link, failure))).whenComplete((held, failure) -> {
                    if (failure != null) {
                        page.completeExceptionally(unavailable(failure));
                    } else {
                        page.complete(held);
                    }
                });
        return page;
    }

    /** Where a replay starts, read at one instant; on a replica when reads go to replicas. */
    private CompletableFuture<List<Object>> startReplay(RedisClusterAsyncCommands<String, String> redis,
            String lastEventId, boolean everything) {
        String[] args = {lastEventId, everything ? "1" : "0"};
        return readsFromReplicas ? REPLAY_START.runReadOnly(redis, ScriptOutputType.MULTI, replayKeys, args)
                : REPLAY_START.run(redis, ScriptOutputType.MULTI, replayKeys, args);
    }

    private void discardOnFailure(RedisLink link, Throwable failure) {
        if (failure != null && CommandConnection.mustDiscard(failure)) {
            commands.discard(link);
        }
    }

    /** The id of the newest update this node has appended or received; it may trail other nodes' appends briefly. */
    @Override
    public Optional<String> lastEventId() {
        return newest.updateId();
    }

    /** The subscriptions of every node on this stream, kept in Redis beside it (see {@code RedisPresence}). */
    @Override
    public Optional<Presence> presence() {
        return Optional.of(presence);
    }

    /** Stops following the stream and closes the connections; the data stays in Redis. */
    @Override
    public void close() {
        presence.close();
        StreamTail follower = tail;
        if (follower != null) {
            follower.close();
        }
        commands.close();
        writes.close();
        endpoint.shutdown();
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** The Redis endpoint (without its password) and the stream key. */
    @Override
    public String toString() {
        return "RedisTransport[" + endpoint.describe() + " " + stream + "]";
    }

    private TransportUnavailableException unavailable(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TransportUnavailableException already) {
            return already;
        }
        if (cause instanceof ReplicasBehindException behind) {
            return new TransportUnavailableException(behind.getMessage(), behind);
        }
        return new TransportUnavailableException("Redis at " + endpoint.describe() + " is unavailable: "
                + cause.getMessage(), cause);
    }

    /** Configures a {@link RedisTransport}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private String streamKey = DEFAULT_STREAM_KEY;
        private long maxLength = DEFAULT_MAX_LENGTH;
        private ReplicasToWait replicasToWait = ReplicasToWait.AUTO;
        private Duration replicaTimeout = DEFAULT_REPLICA_TIMEOUT;
        private Optional<ReadFrom> readFrom = Optional.empty();
        private Duration presenceTtl = DEFAULT_PRESENCE_TTL;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
            if (!RedisName.accepts(name)) {
                throw new IllegalArgumentException("not a Redis name: " + RedisName.withoutCredentials(name));
            }
        }

        /** The stream's key (default {@value RedisTransport#DEFAULT_STREAM_KEY}); the index keys add a suffix. */
        public Builder streamKey(String streamKey) {
            if (streamKey.isEmpty()) {
                throw new IllegalArgumentException("the stream key must not be empty");
            }
            this.streamKey = streamKey;
            return this;
        }

        /**
         * About how many updates the stream keeps (default {@link #DEFAULT_MAX_LENGTH}): the history a Last-Event-ID
         * can resume from.
         * Redis trims whole internal nodes, so a few more (up to about a hundred) may stay.
         */
        public Builder maxLength(long maxLength) {
            if (maxLength < 1) {
                throw new IllegalArgumentException("maxLength must be positive: " + maxLength);
            }
            this.maxLength = maxLength;
            return this;
        }

        /**
         * How many replicas must hold an update before its publish is acknowledged ({@code WAIT}): a number, or
         * {@code auto} (the default): 1 when the master has a replica attached, 0 when it has none.
         */
        public Builder replicasToWait(String replicas) {
            this.replicasToWait = ReplicasToWait.parse(replicas);
            return this;
        }

        /**
         * How long an append waits for its replicas (default 1 s) before its publish is answered 503; at most
         * {@link #MAX_REPLICA_TIMEOUT}, so that the command's own timeout does not cut it first.
         */
        public Builder replicaTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_REPLICA_TIMEOUT) > 0) {
                throw new IllegalArgumentException("the replica timeout must be above 0 and at most "
                        + MAX_REPLICA_TIMEOUT.toSeconds() + " s: " + timeout);
            }
            this.replicaTimeout = timeout;
            return this;
        }

        /**
         * Where history and the live tail are read ({@code master}, the default; {@code replica},
         * {@code replicaPreferred}, {@code any}, {@code nearest}... as Lettuce's {@link ReadFrom#valueOf} names
         * them); appends always go to the master.
         */
        public Builder readFrom(String readFrom) {
            String value = readFrom.strip();
            if (value.equalsIgnoreCase("master") || value.equalsIgnoreCase("upstream")) {
                this.readFrom = Optional.empty();
                return this;
            }
            try {
                this.readFrom = Optional.of(ReadFrom.valueOf(value));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a place to read from: " + value
                        + " (master, replica, replicaPreferred, any, anyReplica, nearest)", e);
            }
            return this;
        }

        /**
         * How long after a node's last heartbeat (sent every third of it) its subscriptions count as ended and
         * another node announces their end (default 10 s; at least 300 ms).
         */
        public Builder presenceTtl(Duration ttl) {
            if (ttl.toMillis() < 300) {
                throw new IllegalArgumentException("the presence time-to-live must be at least 300ms: " + ttl);
            }
            this.presenceTtl = ttl;
            return this;
        }

        /** The transport, not yet connected: {@link RedisTransport#start(Listener)} connects. */
        public RedisTransport build() {
            return new RedisTransport(this);
        }
    }
}
