package dev.herald.spring.boot;

import dev.herald.hub.MemoryTransport;
import dev.herald.hub.Transport;
import dev.herald.hub.TransportSpec;
import dev.herald.redis.RedisTransport;
import dev.herald.sqlite.SqliteTransport;
import java.nio.file.Path;
import org.springframework.util.ClassUtils;

/**
 * The transport that {@code herald.hub.transport} names ({@link TransportSpec}, as {@code herald serve --transport}
 * reads it), opened. The Redis and SQLite transports are optional dependencies of the starter: each is touched only
 * in its own nested class, so that an application without herald-redis or herald-sqlite never loads their classes.
 */
final class ConfiguredTransport {

    private ConfiguredTransport() {
    }

    /** Opens the transport {@code spec} names, keeping {@code historySize} updates for replay where it applies. */
    static Transport open(String spec, int historySize) {
        TransportSpec named;
        try {
            named = TransportSpec.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("herald.hub.transport: " + e.getMessage(), e);
        }
        switch (named.kind()) {
            case REDIS:
                require("dev.herald.redis.RedisTransport", "herald-redis", "redis");
                return Redis.open(named.location());
            case SQLITE:
                require("dev.herald.sqlite.SqliteTransport", "herald-sqlite", "sqlite");
                return Sqlite.open(Path.of(named.location()), historySize);
            default:
                return new MemoryTransport(historySize);
        }
    }

    private static void require(String className, String artifact, String kind) {
        if (!ClassUtils.isPresent(className, ConfiguredTransport.class.getClassLoader())) {
            throw new IllegalStateException("herald.hub.transport " + kind + ": needs the dev.herald:" + artifact
                    + " dependency");
        }
    }

    /** Loaded only when herald.hub.transport is a Redis URL. */
    private static final class Redis {
        static Transport open(String uri) {
            return RedisTransport.of(uri);
        }
    }

    /** Loaded only when herald.hub.transport is a sqlite: path. */
    private static final class Sqlite {
        static Transport open(Path file, int historySize) {
            return SqliteTransport.builder(file).historySize(historySize).build();
        }
    }
}
