package dev.herald.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testsupport.HubProcess;
import dev.herald.testsupport.MissingComponent;
import dev.herald.testsupport.ResumingSubscriber;
import dev.herald.testsupport.TestHub;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that cannot write the WAL's pages: the hub runs in a process of its own with a small library preloaded
 * ({@code failing-fsync.c}, compiled here with gcc) that makes {@code fsync} and {@code fdatasync} of the WAL fail
 * with EIO while a trigger file exists, as the kernel reports a failed write-back. The publish whose flush failed
 * gets 503, never 200, and so does every later one, even once the disk is healthy again: after a failed flush
 * nobody can tell what the disk holds, so the hub acknowledges nothing more until it is restarted. The restarted
 * hub has every update answered 200, in order, and resumes a subscriber from them.
 *
 * <p>Without gcc the test is skipped, except under {@code CI=true}, where it fails.
 */
class FailedFlushTest {

    private static final String TOPIC = "https://example.com/flush";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aFailedFlushGives503UntilRestartAndNoFalse200() throws Exception {
        Path library = compileFailingFsync();
        Path file = dir.resolve("history.db");
        Path trigger = dir.resolve("fail-fsync-now");
        Map<String, String> failingDisk = Map.of("LD_PRELOAD", library.toString(),
                "FAILING_FSYNC_WHILE", trigger.toString(), "FAILING_FSYNC_SUFFIX", "history.db-wal");
        List<String> acknowledged = new ArrayList<>();
        try (HubProcess hub = HubProcess.startWithEnvironment(failingDisk, SqliteHubMain.class, file.toString())) {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> stored = TestHub.post(hub.url(), "topic", TOPIC, "id", "u" + i, "data", "x");
                assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
                acknowledged.add("u" + i);
            }

            Files.createFile(trigger);
            HttpResponse<String> failed = TestHub.post(hub.url(), "topic", TOPIC, "id", "lost", "data", "x");
            assertThat(failed.statusCode()).as(failed.body()).isEqualTo(503);
            // The writer's flush fails ("Input/output error"), or SQLite's own, when the commit starts the WAL over.
            assertThat(failed.body()).contains("cannot store updates").containsAnyOf("Input/output error",
                    "SQLITE_IOERR_FSYNC");

            Files.delete(trigger);
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> later = TestHub.post(hub.url(), "topic", TOPIC, "id", "later" + i, "data", "x");
                assertThat(later.statusCode()).as("healthy again, but the hub cannot vouch for the file: "
                        + later.body()).isEqualTo(503);
                assertThat(later.body()).contains("could not be flushed").contains("restart");
            }
            assertThat(hub.output()).contains("cannot be flushed to the disk");
            hub.kill();
        }

        List<String> stored = HistoryRows.ids(file);
        // The update whose flush failed was committed to the WAL in memory, so after a process restart it may be
        // there (it was never acknowledged: its publisher can only have retried it); nothing published later is.
        List<String> expected = new ArrayList<>(acknowledged);
        if (stored.contains("lost")) {
            expected.add("lost");
        }
        assertThat(stored).as("what was answered 200, in order, and nothing published after the failure")
                .isEqualTo(expected);

        try (HubProcess restarted = HubProcess.start(SqliteHubMain.class, file.toString())) {
            HttpResponse<String> again = TestHub.post(restarted.url(), "topic", TOPIC, "id", "again", "data", "x");
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            expected.add("again");
            ResumingSubscriber resumed = ResumingSubscriber.open("resumed", restarted.url() + "?topic="
                    + URLEncoder.encode(TOPIC, StandardCharsets.UTF_8), Map.of("Last-Event-ID", "u0"));
            try {
                List<String> following = expected.subList(1, expected.size());
                assertThat(resumed.awaitEvents(following.size(), System.currentTimeMillis() + 15_000))
                        .isEqualTo(following);
            } finally {
                resumed.close();
            }
        }
    }

    /** Builds the preloaded library from its source on the test classpath; skips (or under CI fails) without gcc. */
    private Path compileFailingFsync() throws IOException, InterruptedException {
        Path source = dir.resolve("failing-fsync.c");
        try (InputStream in = FailedFlushTest.class.getResourceAsStream("/failing-fsync.c")) {
            Files.copy(in, source);
        }
        Path library = dir.resolve("failing-fsync.so");
        String output;
        int exit;
        try {
            Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O2", "-o", library.toString(),
                    source.toString(), "-ldl").redirectErrorStream(true).start();
            output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            exit = gcc.waitFor(60, TimeUnit.SECONDS) ? gcc.exitValue() : -1;
        } catch (IOException e) {
            MissingComponent.skipOrFail("gcc is not installed: cannot build the library that makes fsync fail");
            throw e;
        }
        assertThat(exit).as("gcc: " + output).isZero();
        return library;
    }

}
