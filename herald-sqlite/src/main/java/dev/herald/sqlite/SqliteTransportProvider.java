package dev.herald.sqlite;

import dev.herald.hub.HubOption;
import dev.herald.hub.HubOptions;
import dev.herald.hub.OptionValues;
import dev.herald.hub.Transport;
import dev.herald.hub.TransportProvider;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code sqlite:PATH}: a {@link SqliteTransport} on the file at {@code PATH}, keeping {@code history-size} updates
 * no older than {@code history-max-age}.
 */
public final class SqliteTransportProvider implements TransportProvider {

    private static final String PREFIX = "sqlite:";

    /** How far a commit goes before a publish is answered. */
    public static final HubOption<String> SYNC = HubOption.text("sync", "full",
            "With a sqlite: transport, how far a commit goes before a publish is answered: full (flushed to the "
                    + "disk: survives a crash and a power loss) or normal (written to the file: survives a crash of "
                    + "the hub, may lose the last moments on a power loss).");
    /** The file's size limit. */
    public static final HubOption<Long> MAX_FILE_BYTES = HubOption.number("sqlite-max-file-bytes", 0,
            "With a sqlite: transport, the most bytes the file may take; past it publishes get 503 until "
                    + "retention frees room; 0 for no limit but the disk's.");

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public List<String> forms() {
        return List.of("sqlite:PATH");
    }

    @Override
    public boolean accepts(String name) {
        return name.startsWith(PREFIX);
    }

    @Override
    public List<HubOption<?>> options() {
        return List.of(SYNC, MAX_FILE_BYTES);
    }

    /** @throws HistoryFileException when the file cannot be used (not a history file, unwritable...) */
    @Override
    public Transport open(String name, OptionValues options) {
        String path = name.substring(PREFIX.length());
        if (path.isBlank()) {
            throw new IllegalArgumentException("sqlite: needs a file's path, as in sqlite:/var/lib/herald/history.db");
        }
        return SqliteTransport.builder(Path.of(path)).sync(Sync.parse(options.get(SYNC)))
                .historySize(options.get(HubOptions.HISTORY_SIZE)).historyMaxAge(options.get(HubOptions.HISTORY_MAX_AGE))
                .maxFileBytes(options.get(MAX_FILE_BYTES)).build();
    }
}
