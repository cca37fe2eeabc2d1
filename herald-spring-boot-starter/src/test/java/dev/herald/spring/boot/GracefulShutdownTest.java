package dev.herald.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.spring.boot.apps.publishing.PublishingApplication;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application on the SQLite transport, its controller publishing about 100 updates a second, is sent SIGTERM: the
 * requests in progress publish as usual (answered 200, none 500), the subscriber's stream ends once the web server
 * takes no more requests (so the shutdown does not wait out its grace period), and every update answered 200 is in
 * the history when the application starts again on the same file.
 */
class GracefulShutdownTest {

    private static final String HUB = "/.well-known/mercure";
    private static final Duration START = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void everyUpdateAnsweredOkSurvivesSigtermAndARestart(@TempDir Path directory) throws Exception {
        String[] args = {"--server.port=0", "--server.address=127.0.0.1", "--herald.hub.anonymous=true",
            "--herald.hub.transport=sqlite:" + directory.resolve("history.db")};
        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        AtomicInteger okAfterSignal = new AtomicInteger();
        Duration stopped;
        try (ApplicationProcess first = ApplicationProcess.start(PublishingApplication.class, directory, "first",
                args)) {
            URI base = URI.create("http://127.0.0.1:" + first.awaitPort(START));
            HttpResponse<InputStream> stream = http.send(subscribe(base).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            CompletableFuture<Boolean> streamEnded = CompletableFuture.supplyAsync(() -> readToEnd(stream.body()));

            ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
            AtomicInteger item = new AtomicInteger();
            long[] signalledAt = {Long.MAX_VALUE};
            publisher.scheduleAtFixedRate(() -> posts.add(http.sendAsync(HttpRequest.newBuilder(
                    base.resolve("/orders?item=" + item.incrementAndGet())).timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> {
                        if (response != null && response.statusCode() == 200 && System.nanoTime() > signalledAt[0]) {
                            okAfterSignal.incrementAndGet();
                        }
                    })), 0, 10, TimeUnit.MILLISECONDS);
            Thread.sleep(1500);
            long signal = System.nanoTime();
            signalledAt[0] = signal;
            first.terminate();
            boolean exited = first.awaitExit(Duration.ofSeconds(25));
            stopped = Duration.ofNanos(System.nanoTime() - signal);
            Thread.sleep(200); // publishing on against the stopped application: these are refused
            publisher.shutdown();
            assertThat(publisher.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            assertThat(exited).as("exited after SIGTERM; log:\n%s", first.log()).isTrue();
            assertThat(first.log()).contains("Commencing graceful shutdown");
            assertThat(streamEnded.get(5, TimeUnit.SECONDS)).as("the subscriber's stream ended").isTrue();
        }
        // Not the grace period (30 s): the stream ended as soon as the server stopped taking requests.
        assertThat(stopped).isLessThan(Duration.ofSeconds(15));

        Set<String> acknowledged = new HashSet<>();
        List<String> failed = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> post : posts) {
            HttpResponse<String> response = post.handle((ok, refused) -> ok).get(20, TimeUnit.SECONDS);
            if (response == null) {
                continue; // refused: the server no longer took connections
            }
            if (response.statusCode() == 200) {
                acknowledged.add(response.body());
            } else if (response.statusCode() >= 500 && response.statusCode() != 503) {
                // 503 is the paused server's refusal of a request it did not take; a 500 is a request taken and
                // failed, as when the hub closed before the server's drain
                failed.add(response.statusCode() + " " + response.body());
            }
        }
        assertThat(failed).as("requests in progress at the signal publish as usual").isEmpty();
        assertThat(acknowledged).hasSizeGreaterThan(50);

        try (ApplicationProcess second = ApplicationProcess.start(PublishingApplication.class, directory, "second",
                args)) {
            URI base = URI.create("http://127.0.0.1:" + second.awaitPort(START));
            HttpResponse<InputStream> replay = http.send(subscribe(base).header("Last-Event-ID", "earliest").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(replay.statusCode()).isEqualTo(200);
            Set<String> missing = new HashSet<>(acknowledged);
            CompletableFuture<Void> replayed = CompletableFuture.runAsync(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(replay.body(),
                        StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null && !missing.isEmpty(); line = lines.readLine()) {
                        if (line.startsWith("id: ")) {
                            synchronized (missing) {
                                missing.remove(line.substring(4));
                            }
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try {
                replayed.get(20, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // reported below, with what is missing
            }
            synchronized (missing) {
                assertThat(missing).as("acknowledged updates missing from the history after the restart (of %d, "
                        + "%d answered after the signal)", acknowledged.size(), okAfterSignal.get()).isEmpty();
            }
        }
    }

    private static HttpRequest.Builder subscribe(URI base) {
        return HttpRequest.newBuilder(base.resolve(HUB + "?topic="
                + URLEncoder.encode(PublishingApplication.TOPIC, StandardCharsets.UTF_8)));
    }

    /** Reads a stream to its end; true when it ended, cleanly or with the connection. */
    private static boolean readToEnd(InputStream body) {
        try (body) {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the connection closed: the stream ended all the same
        }
        return true;
    }
}
