package dev.herald.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.Hub;
import dev.herald.testsupport.MissingComponent;
import dev.herald.testsupport.TestHub;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history file the hub may open but not write: publishers get 503 saying why, never 200, and nothing reaches the
 * file. The file is made immutable ({@code chattr +i}), since file permissions do not stop a test run as root;
 * where that is not possible the test is skipped, except under {@code CI=true}, where it fails.
 */
class UnwritableFileTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anImmutableFileAnswersPublishersWith503() throws Exception {
        Path file = dir.resolve("history.db");
        SqliteTransport.open(file).close();
        if (!chattr("+i", file)) {
            // CI runs as root on a file system that has it.
            MissingComponent.skipOrFail("chattr +i is not available here (not root, or a file system without the "
                    + "immutable attribute): cannot make a file its owner may not write");
        }
        try {
            Hub hub = TestHub.start(SqliteTransport.open(file));
            try {
                for (int i = 0; i < 3; i++) {
                    HttpResponse<String> refused = TestHub.post(hub.url(), "topic", "https://example.com/ro",
                            "id", "ro" + i, "data", "x");
                    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                    assertThat(refused.body()).contains("cannot store updates").contains("readonly");
                }
            } finally {
                hub.close();
            }
        } finally {
            chattr("-i", file);
        }
        SqliteTransport reopened = SqliteTransport.open(file);
        try {
            assertThat(reopened.lastEventId()).as("nothing was stored").isEmpty();
        } finally {
            reopened.close();
        }
    }

    private static boolean chattr(String attribute, Path file) throws InterruptedException {
        try {
            Process process = new ProcessBuilder("chattr", attribute, file.toString()).redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
