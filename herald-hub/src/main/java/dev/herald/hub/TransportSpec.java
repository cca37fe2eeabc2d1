package dev.herald.hub;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a hub keeps its log, as an operator names it ({@code herald serve --transport}, the Spring Boot starter's
 * {@code herald.hub.transport}): {@code memory}, {@code sqlite:PATH}, or a Redis URL ({@code redis://host:port[/db]},
 * {@code rediss://} for TLS). This is the name only: the SQLite and Redis transports live in herald-sqlite and
 * herald-redis, which the caller opens according to {@link #kind()}.
 *
 * @param kind which transport
 * @param location the SQLite file's path or the Redis URL; empty for {@link Kind#MEMORY}
 */
public record TransportSpec(Kind kind, String location) {

    /** The transports a name can choose. */
    public enum Kind {
        /** {@link MemoryTransport}: history in the hub's heap, lost on restart. */
        MEMORY,
        /** herald-sqlite's transport: history in a SQLite file that survives restarts. */
        SQLITE,
        /** herald-redis's transport: hubs sharing topics and history through a Redis stream. */
        REDIS
    }

    /** Checks that a location is given where the kind needs one. */
    public TransportSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
        if ((kind == Kind.MEMORY) != location.isEmpty()) {
            throw new IllegalArgumentException(kind == Kind.MEMORY ? "the memory transport has no location"
                    : "the " + kind.name().toLowerCase(Locale.ROOT) + " transport needs a location");
        }
    }

    /**
     * Reads a transport's name (surrounding blanks ignored).
     *
     * @throws IllegalArgumentException saying which names there are; a URL's credentials are not repeated in it
     */
    public static TransportSpec parse(String name) {
        String value = name.strip();
        if (value.equals("memory")) {
            return new TransportSpec(Kind.MEMORY, "");
        }
        if (value.startsWith("sqlite:") && value.length() > "sqlite:".length()) {
            return new TransportSpec(Kind.SQLITE, value.substring("sqlite:".length()));
        }
        if (value.startsWith("redis://") || value.startsWith("rediss://")) {
            return new TransportSpec(Kind.REDIS, value);
        }
        throw new IllegalArgumentException("unknown transport " + (value.contains("@") ? "(a URL with credentials)"
                : value) + ": memory, sqlite:PATH or redis://host:port[/db] (rediss:// for TLS)");
    }
}
