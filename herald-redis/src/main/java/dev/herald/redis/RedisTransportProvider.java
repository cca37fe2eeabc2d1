package dev.herald.redis;

import dev.herald.hub.HubOption;
import dev.herald.hub.HubOptions;
import dev.herald.hub.OptionValues;
import dev.herald.hub.Transport;
import dev.herald.hub.TransportProvider;
import java.util.List;

/**
 * {@code redis://} and {@code rediss://} URLs: a {@link RedisTransport} on that Redis, sharing one stream with every
 * node given the same stream key.
 */
public final class RedisTransportProvider implements TransportProvider {

    /** The stream's key. */
    public static final HubOption<String> STREAM = HubOption.text("redis-stream", RedisTransport.DEFAULT_STREAM_KEY,
            "With a Redis transport, the stream key; nodes sharing it form one hub.");
    /** The stream's length. */
    public static final HubOption<Long> MAX_LENGTH = HubOption.number("redis-max-length", 0,
            "With a Redis transport, about how many updates the stream keeps for replay (XADD MAXLEN ~).")
            .withComputedDefault("history-size");

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public List<String> forms() {
        return List.of("redis://[[user]:password@]host:port[/db]", "rediss://... (TLS)");
    }

    @Override
    public boolean accepts(String name) {
        return name.startsWith("redis://") || name.startsWith("rediss://");
    }

    @Override
    public List<HubOption<?>> options() {
        return List.of(STREAM, MAX_LENGTH);
    }

    @Override
    public Transport open(String name, OptionValues options) {
        long maxLength = options.value(MAX_LENGTH).filter(length -> length > 0)
                .orElse((long) options.get(HubOptions.HISTORY_SIZE));
        return RedisTransport.builder(name).streamKey(options.get(STREAM)).maxLength(maxLength).build();
    }
}
