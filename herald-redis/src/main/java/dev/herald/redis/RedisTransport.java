package dev.herald.redis;

import dev.herald.hub.HubOptions;
import dev.herald.hub.MemoryTransport;
import dev.herald.hub.Transport;
import dev.herald.hub.TransportUnavailableException;
import dev.herald.hub.Update;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
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

    private static final Logger LOG = LoggerFactory.getLogger(RedisTransport.class);
    /** How long a command may take before it fails and the publish is answered with 503. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final LuaScript APPEND = LuaScript.load("append.lua");
    private static final LuaScript REPLAY_START = LuaScript.load("replay-start.lua");

    private final RedisURI uri;
    private final String stream;
    private final String[] appendKeys;
    private final String[] replayKeys;
    private final String maxLength;
    private final ClientResources resources;
    private final RedisClient client;
    private final CommandConnection commands;
    private final NewestEntry newest = new NewestEntry();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile StreamTail tail;

    private RedisTransport(Builder builder) {
        this.uri = builder.uri;
        this.stream = builder.streamKey;
        this.appendKeys = new String[] {stream, stream + ":ids", stream + ":order", stream + ":reused-next",
                stream + ":reused-newest"};
        this.replayKeys = new String[] {stream, stream + ":ids"};
        this.maxLength = Long.toString(builder.maxLength);
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        this.client = RedisClient.create(resources);
        // No automatic reconnection: a command cut off by a lost connection fails instead of being sent again
        // later, so "unavailable" never turns into "stored after all" (CommandConnection reconnects on demand).
        this.client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        this.commands = new CommandConnection(client, uri);
    }

    /** A transport on Redis at {@code uri} ({@code redis://[:password@]host[:port][/db]}, or {@code rediss://} for TLS). */
    public static RedisTransport of(String uri) {
        return builder(uri).build();
    }

    /** A builder for a transport on Redis at {@code uri}, in any form Lettuce's {@link RedisURI} accepts. */
    public static Builder builder(String uri) {
        return new Builder(uri);
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
            newestEntries = commands.commands()
                    .thenCompose(redis -> redis.xrevrange(stream, Range.unbounded(), Limit.from(1)))
                    .get(COMMAND_TIMEOUT.toMillis() + CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
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
        StreamTail follower = new StreamTail(client, uri, stream, from, listener, newest);
        tail = follower;
        follower.start();
        LOG.info("following Redis stream {} at {} after entry {}", stream, uri, from);
    }

    /** Runs the append script (XADD with {@code MAXLEN ~}, and the id index); completes once Redis replied. */
    @Override
    public CompletableFuture<Void> append(Update update) {
        List<String> fields = EntryFields.encode(update);
        String[] args = new String[2 + fields.size()];
        args[0] = maxLength;
        args[1] = update.id();
        for (int i = 0; i < fields.size(); i++) {
            args[2 + i] = fields.get(i);
        }
        CompletableFuture<Void> stored = new CompletableFuture<>();
        commands.commands()
                .thenCompose(redis -> APPEND.<String>run(redis, ScriptOutputType.VALUE, appendKeys, args))
                .whenComplete((entry, failure) -> {
                    if (failure != null) {
                        stored.completeExceptionally(unavailable(failure));
                    } else {
                        newest.advance(EntryId.parse(entry), update.id());
                        stored.complete(null);
                    }
                });
        return stored;
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
        commands.commands().thenCompose(redis -> REPLAY_START.<List<Object>>run(redis, ScriptOutputType.MULTI,
                replayKeys, lastEventId, everything ? "1" : "0").thenCompose(start -> {
                    boolean found = "1".equals(start.get(0));
                    EntryId head = EntryId.parse((String) start.get(1));
                    Replay result = new Replay(found, head.position());
                    if (!found) {
                        return CompletableFuture.completedFuture(result);
                    }
                    HistoryRead history = new HistoryRead(redis, stream, head, maxBytes, listener);
                    CompletableFuture<Boolean> read = everything ? history.all()
                            : history.after(EntryId.parse((String) start.get(2)));
                    return read.thenApply(held -> {
                        if (!held) {
                            throw new IllegalStateException("the stream was trimmed past " + lastEventId
                                    + " while the replay read it; retry");
                        }
                        return result;
                    });
                })).whenComplete((result, failure) -> {
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
        commands.commands().thenCompose(redis -> new HistoryRead(redis, stream, EntryId.atPosition(upToPosition),
                maxBytes, listener).after(EntryId.atPosition(afterPosition))).whenComplete((held, failure) -> {
                    if (failure != null) {
                        page.completeExceptionally(unavailable(failure));
                    } else {
                        page.complete(held);
                    }
                });
        return page;
    }

    /** The id of the newest update this node has appended or received; it may trail other nodes' appends briefly. */
    @Override
    public Optional<String> lastEventId() {
        return newest.updateId();
    }

    /** Stops following the stream and closes the connections; the data stays in Redis. */
    @Override
    public void close() {
        StreamTail follower = tail;
        if (follower != null) {
            follower.close();
        }
        commands.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** The Redis URI (without its password) and the stream key. */
    @Override
    public String toString() {
        return "RedisTransport[" + uri + " " + stream + "]";
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
        return new TransportUnavailableException("Redis at " + uri + " is unavailable: " + cause.getMessage(), cause);
    }

    /** Configures a {@link RedisTransport}. Not thread-safe. */
    public static final class Builder {
        private final RedisURI uri;
        private String streamKey = DEFAULT_STREAM_KEY;
        private long maxLength = DEFAULT_MAX_LENGTH;

        private Builder(String uri) {
            this.uri = RedisURI.create(Objects.requireNonNull(uri, "uri"));
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

        /** The transport, not yet connected: {@link RedisTransport#start(Listener)} connects. */
        public RedisTransport build() {
            return new RedisTransport(this);
        }
    }
}
