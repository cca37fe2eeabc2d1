package dev.herald.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testsupport.HubProcess;
import dev.herald.testsupport.TestHub;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real write failure, not SQLite's own page limit: the hub runs in a process whose files may not grow past 2 MiB
 * ({@code ulimit -f}; sqlite-jdbc extracts its 1 MiB native library first), so the file system refuses SQLite's
 * writes as a full disk would. Publishers get 503, the hub stays up, and the file holds exactly the updates answered
 * 200, each once: none answered 503 (a write that failed and was rolled back) and none lost. Publishes after the
 * first refusal may be stored again once the WAL has been copied into the database and starts over; each answer
 * must then say which.
 */
class FullDiskTest {

    private static final String TOPIC = "https://example.com/full";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void writesRefusedByTheFileSystemGive503AndNoFalse200() throws Exception {
        Path file = dir.resolve("history.db");
        List<String> acknowledged = new ArrayList<>();
        HttpResponse<String> refused = null;
        try (HubProcess hub = HubProcess.startWithFileLimit(2_048, SqliteHubMain.class, file.toString())) {
            String data = "x".repeat(4_000);
            for (int i = 0; i < 2_000 && refused == null; i++) {
                HttpResponse<String> response = TestHub.post(hub.url(), "topic", TOPIC, "id", "u" + i, "data", data);
                if (response.statusCode() == 200) {
                    acknowledged.add("u" + i);
                } else {
                    refused = response;
                }
            }
            assertThat(refused).as("a publish refused once the file may not grow").isNotNull();
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("cannot store updates");
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> late = TestHub.post(hub.url(), "topic", TOPIC, "id", "late" + i, "data", data);
                assertThat(late.statusCode()).as(late.body()).isIn(200, 503);
                if (late.statusCode() == 200) {
                    acknowledged.add("late" + i);
                } else {
                    assertThat(late.body()).contains("cannot store updates");
                }
            }
            System.out.printf("full disk: %d acknowledged, then 503: %s%n", acknowledged.size(), refused.body());
        }
        assertThat(acknowledged).hasSizeGreaterThan(20);
        assertThat(HistoryRows.ids(file)).as("what was answered 200, in order, and nothing else")
                .isEqualTo(acknowledged);
    }
}
