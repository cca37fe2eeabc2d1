package dev.herald.sqlite;

import dev.herald.testsupport.HubProcess;
import dev.herald.testsupport.TestHub;
import java.io.IOException;
import java.nio.file.Path;

/** What a {@link HubProcess} of these tests runs: a hub on the SQLite history file {@code args[0]}. */
public final class SqliteHubMain {

    private SqliteHubMain() {
    }

    /** Starts the hub, keeping more history than the crash test publishes, and serves until the test ends. */
    public static void main(String[] args) throws IOException {
        HubProcess.serve(TestHub.start(SqliteTransport.builder(Path.of(args[0])).historySize(100_000).build()));
    }
}
