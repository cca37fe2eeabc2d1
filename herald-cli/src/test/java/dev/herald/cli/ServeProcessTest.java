package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code herald serve} as its own process, as the launcher runs it. */
class ServeProcessTest {

    private static final int UPDATE_BYTES = 64 * 1024;
    private static final int UPDATES = 1600; // 100 MiB
    private static final long RSS_GROWTH_LIMIT_KIB = 256 * 1024;

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * With the launcher's default JVM options and nothing else, a subscriber that never reads and 100 MiB of
     * 64 KiB updates (all kept in the default history) must not grow the process by 256 MiB: the hub cuts the
     * subscriber off at --max-queued-bytes, and the heap gives back what publishing took.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aStalledSubscriberAnd100MiBOfUpdatesGrowTheDefaultJvmByLessThan256MiB(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/status")), "RSS is read from /proc");
        List<String> options = ServeProcess.defaultJvmOptions();
        try (ServeProcess hub = new ServeProcess(options, dir.resolve("hub.log"), "--addr", "127.0.0.1:0")) {
            String token = "";
            while (!token.startsWith("ey")) {
                token = hub.nextLine().strip(); // the publisher token of a run without a key
            }
            URI url = URI.create(hub.url);
            Thread.sleep(1000); // the hub settles after its start
            long before = hub.rssKib();

            try (Socket stalled = new Socket()) {
                stalled.setReceiveBufferSize(4096); // and it never reads
                stalled.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5000);
                OutputStream out = stalled.getOutputStream();
                out.write(("GET " + url.getPath() + "?topic=big HTTP/1.1\r\nHost: " + url.getAuthority()
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(200);

                String form = "topic=big&data=" + "x".repeat(UPDATE_BYTES);
                long peak = before;
                long start = System.nanoTime();
                for (int i = 0; i < UPDATES; i++) {
                    HttpResponse<String> published = CLIENT.send(HttpRequest.newBuilder(url)
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
                    if (i % 40 == 0) {
                        peak = Math.max(peak, hub.rssKib());
                    }
                }
                long publishMillis = (System.nanoTime() - start) / 1_000_000;
                Thread.sleep(1000);
                long after = hub.rssKib();
                peak = Math.max(peak, after);
                String report = String.format("JVM options %s: RSS %d MiB before, %d MiB at most while publishing "
                        + "%d MiB in %d ms, %d MiB after: grew %d MiB at most", options, before / 1024, peak / 1024,
                        (long) UPDATES * UPDATE_BYTES >> 20, publishMillis, after / 1024, (peak - before) / 1024);
                System.out.println(report);
                assertThat(peak - before).as(report).isLessThan(RSS_GROWTH_LIMIT_KIB);

                String metrics = CLIENT.send(HttpRequest.newBuilder(url.resolve("/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).as("the stalled subscriber was cut off")
                        .contains("herald_disconnects_total{reason=\"slow\"} 1.0").contains("herald_subscribers 0.0");
            }
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void withTlsServePrintsHttpsUrls(@TempDir Path dir) throws Exception {
        Path certificate = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process openssl;
        try {
            openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", key.toString(), "-out", certificate.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("openssl is not installed: cannot make a test certificate");
            return;
        }
        openssl.getInputStream().readAllBytes();
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        try (ServeProcess hub = new ServeProcess(ServeProcess.defaultJvmOptions(), dir.resolve("hub.log"),
                "--addr", "127.0.0.1:0", "--tls-cert", certificate.toString(), "--tls-key", key.toString())) {
            assertThat(hub.url).startsWith("https://127.0.0.1:").endsWith("/.well-known/mercure");
            String curl = "";
            while (!curl.contains("curl -N")) {
                curl = hub.nextLine();
            }
            assertThat(curl).contains("'" + hub.url + "?topic=demo'");
        }
    }
}
