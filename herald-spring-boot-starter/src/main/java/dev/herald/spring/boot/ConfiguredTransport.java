package dev.herald.spring.boot;

import dev.herald.hub.MemoryTransport;
import dev.herald.hub.Transport;
import dev.herald.redis.RedisTransport;
import dev.herald.sqlite.SqliteTransport;
import java.nio.file.Path;
import org.springframework.util.ClassUtils;

/**
 * The transport that {@code herald.hub.transport} names, as {@code herald serve --transport} reads it: {@code memory},
 * {@code sqlite:PATH} or {@code redis://...} ({@code rediss://} for TLS). The Redis and SQLite transports are optional
 * dependencies of the starter: each is touched only in its own nested class, so that an application without
 * herald-redis or herald-sqlite never loads their classes.
 */
final class ConfiguredTransport {

    private ConfiguredTransport() {
    }

    /** Opens the transport {@code spec} names, keeping {@code historySize} updates for replay where it applies. */
    static Transport open(String spec, int historySize) {
        String value = spec.strip();
        if (value.equals("memory")) {
            return new MemoryTransport(historySize);
        }
        if (value.startsWith("redis://") || value.startsWith("rediss://")) {
            require("dev.herald.redis.RedisTransport", "herald-redis", value);
            return Redis.open(value);
        }
        if (value.startsWith("sqlite:")) {
            require("dev.herald.sqlite.SqliteTransport", "herald-sqlite", value);
            return Sqlite.open(Path.of(value.substring("sqlite:".length())), historySize);
        }
        throw new IllegalArgumentException("herald.hub.transport must be memory, sqlite:PATH or redis://host:port, not "
                + (value.contains("@") ? "a URL with credentials" : value));
    }

    private static void require(String className, String artifact, String spec) {
        if (!ClassUtils.isPresent(className, ConfiguredTransport.class.getClassLoader())) {
            throw new IllegalStateException("herald.hub.transport " + spec.substring(0, spec.indexOf(':'))
                    + ": needs the dev.herald:" + artifact + " dependency");
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
