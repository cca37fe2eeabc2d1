package dev.herald.redis;

import dev.herald.hub.HubOption;
import dev.herald.hub.HubOptions;
import dev.herald.hub.OptionValues;
import dev.herald.hub.Transport;
import dev.herald.hub.TransportProvider;
import java.time.Duration;
import java.util.List;

/**
 * {@code redis://}, {@code rediss://}, {@code redis-sentinel://} and {@code redis-cluster://} names: a
 * {@link RedisTransport} on that Redis, sharing one stream with every node given the same stream key.
 */
public final class RedisTransportProvider implements TransportProvider {

    /** The stream's key. */
    public static final HubOption<String> STREAM = HubOption.text("redis-stream", RedisTransport.DEFAULT_STREAM_KEY,
            "With a Redis transport, the stream key; nodes sharing it form one hub.");
    /** The stream's length. */
    public static final HubOption<Long> MAX_LENGTH = HubOption.number("redis-max-length", 0,
            "With a Redis transport, about how many updates the stream keeps for replay (XADD MAXLEN ~).")
            .withComputedDefault("history-size");
    /** How many replicas must hold an update before its publish is acknowledged. */
    public static final HubOption<String> REPLICAS_TO_WAIT = HubOption.text("redis-replicas-to-wait", "auto",
            "With a Redis transport, how many replicas must hold an update before its publish is answered 200 (WAIT):"
            + " a number, or auto: 1 when the master has a replica attached, 0 when it has none.");
    /** How long an append waits for its replicas. */
    public static final HubOption<Duration> REPLICA_TIMEOUT = HubOption.duration("redis-replica-timeout",
            RedisTransport.DEFAULT_REPLICA_TIMEOUT, "With a Redis transport, how long a publish waits for its replicas"
            + " (at most 3s) before it is answered 503; a retry of the same update is not stored twice.");
    /** Where history and the live tail are read. */
    public static final HubOption<String> READ_FROM = HubOption.text("redis-read-from", "master",
            "With a Redis transport, where history and the live tail are read: master, replica, replicaPreferred, any,"
            + " anyReplica or nearest; appends always go to the master.");

    /** How long a node's subscriptions outlive its last heartbeat. */
    public static final HubOption<Duration> PRESENCE_TTL = HubOption.duration("redis-presence-ttl",
            RedisTransport.DEFAULT_PRESENCE_TTL, "With a Redis transport, how long after a node's last heartbeat"
            + " (every third of it) its subscriptions are listed, before another node announces their end.");

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public List<String> forms() {
        return List.of("redis://[[user]:password@]host:port[/db]", "rediss://... (TLS)",
                "redis-sentinel://[[user]:password@]host:port[,host:port...][/db]#master",
                "redis-cluster://[[user]:password@]host:port[,host:port...]");
    }

    @Override
    public boolean accepts(String name) {
        return RedisName.accepts(name);
    }

    @Override
    public List<HubOption<?>> options() {
        return List.of(STREAM, MAX_LENGTH, REPLICAS_TO_WAIT, REPLICA_TIMEOUT, READ_FROM, PRESENCE_TTL);
    }

    @Override
    public Transport open(String name, OptionValues options) {
        long maxLength = options.value(MAX_LENGTH).filter(length -> length > 0)
                .orElse((long) options.get(HubOptions.HISTORY_SIZE));
        return RedisTransport.builder(name).streamKey(options.get(STREAM)).maxLength(maxLength)
                .replicasToWait(options.get(REPLICAS_TO_WAIT)).replicaTimeout(options.get(REPLICA_TIMEOUT))
                .readFrom(options.get(READ_FROM)).presenceTtl(options.get(PRESENCE_TTL)).build();
    }
}
