package dev.herald.postgres;

import dev.herald.hub.HubOption;
import dev.herald.hub.HubOptions;
import dev.herald.hub.OptionValues;
import dev.herald.hub.Transport;
import dev.herald.hub.TransportProvider;
import java.util.List;

/**
 * {@code postgresql://}, {@code postgres://} and {@code jdbc:postgresql:} URLs: a {@link PostgresTransport} on that
 * database, sharing one log with every node given the same table, keeping {@code history-size} updates no older than
 * {@code history-max-age}.
 */
public final class PostgresTransportProvider implements TransportProvider {

    /** The log's table. */
    public static final HubOption<String> TABLE = HubOption.text("postgres-table", PostgresTransport.DEFAULT_TABLE,
            "With a PostgreSQL transport, the log's table (schema.table allowed); nodes sharing it form one hub.");
    /** The pool's size. */
    public static final HubOption<Integer> POOL_SIZE = HubOption.integer("postgres-pool-size",
            PostgresTransport.DEFAULT_POOL_SIZE, "With a PostgreSQL transport opened from a URL, its connections: one "
                    + "listens, one writes, one trims, the rest read history for replays (at least 3).");

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public List<String> forms() {
        return List.of("postgresql://[user[:password]@]host[:port]/database", "postgres://...",
                "jdbc:postgresql:...");
    }

    @Override
    public boolean accepts(String name) {
        return ConnectionUrl.accepts(name);
    }

    @Override
    public List<HubOption<?>> options() {
        return List.of(TABLE, POOL_SIZE);
    }

    @Override
    public Transport open(String name, OptionValues options) {
        return PostgresTransport.builder(name).table(options.get(TABLE)).poolSize(options.get(POOL_SIZE))
                .historySize(options.get(HubOptions.HISTORY_SIZE)).historyMaxAge(options.get(HubOptions.HISTORY_MAX_AGE))
                .build();
    }
}
