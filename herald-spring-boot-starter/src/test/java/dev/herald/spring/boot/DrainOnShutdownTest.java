package dev.herald.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.spring.boot.apps.publishing.PublishingApplication;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application on its real Tomcat, {@value #SUBSCRIBERS} subscribers connected, is sent SIGTERM with a short drain
 * (1 s delay, 3 s drain time): its readiness group reports {@code OUT_OF_SERVICE} (503) before any stream ends, while
 * it still serves (an update published meanwhile reaches every subscriber); then the streams end within the drain
 * time, spread over it (not all in one instant), each after a {@code retry:} hint, and the application exits.
 */
@Timeout(90)
class DrainOnShutdownTest {

    private static final int SUBSCRIBERS = 20;
    private static final Duration DELAY = Duration.ofSeconds(1);
    private static final Duration DRAIN_TIME = Duration.ofSeconds(3);
    private static final Duration START = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void readinessTurnsOutOfServiceThenTheStreamsEndSpreadOverTheDrainTime(@TempDir Path directory)
            throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(SUBSCRIBERS + 1);
        try (ApplicationProcess application = ApplicationProcess.start(PublishingApplication.class, directory,
                "drained", "--server.port=0", "--server.address=127.0.0.1", "--herald.hub.anonymous=true",
                "--herald.hub.drain-delay=" + DELAY.toMillis() + "ms",
                "--herald.hub.drain-time=" + DRAIN_TIME.toMillis() + "ms",
                "--management.endpoint.health.probes.enabled=true")) {
            URI base = URI.create("http://127.0.0.1:" + application.awaitPort(START));
            assertThat(http.send(HttpRequest.newBuilder(base.resolve("/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            List<CompletableFuture<Subscriber>> subscribers = new ArrayList<>();
            for (int i = 0; i < SUBSCRIBERS; i++) {
                HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(base.resolve(
                        "/.well-known/mercure?topic=" + URLEncoder.encode(PublishingApplication.TOPIC,
                                StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofInputStream());
                assertThat(stream.statusCode()).isEqualTo(200);
                subscribers.add(CompletableFuture.supplyAsync(() -> Subscriber.read(stream.body()), readers));
            }
            AtomicLong outOfService = new AtomicLong(Long.MAX_VALUE);
            CompletableFuture<Void> probe = CompletableFuture.runAsync(() -> pollReadiness(base, outOfService),
                    readers);

            long signal = System.nanoTime();
            application.terminate();
            while (outOfService.get() == Long.MAX_VALUE && System.nanoTime() - signal < DELAY.toNanos() * 5) {
                Thread.sleep(10);
            }
            assertThat(outOfService.get()).as("readiness reported OUT_OF_SERVICE; log:\n%s", application.log())
                    .isNotEqualTo(Long.MAX_VALUE);
            // Not ready, yet still serving: a publish during the delay reaches every subscriber.
            HttpResponse<String> published = http.send(HttpRequest.newBuilder(base.resolve("/orders?item=draining"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(published.statusCode()).as(published.body()).isEqualTo(200);

            assertThat(application.awaitExit(Duration.ofSeconds(30))).as("exited; log:\n%s", application.log())
                    .isTrue();
            probe.get(10, TimeUnit.SECONDS);
            long first = Long.MAX_VALUE;
            long last = 0;
            Set<Long> tenths = new HashSet<>();
            for (CompletableFuture<Subscriber> future : subscribers) {
                Subscriber subscriber = future.get(10, TimeUnit.SECONDS);
                assertThat(subscriber.ids).as("the update published while draining").contains(published.body());
                assertThat(subscriber.retry).as("the retry: hint").isBetween(200L, 1_000L);
                first = Math.min(first, subscriber.endedAt);
                last = Math.max(last, subscriber.endedAt);
                tenths.add((subscriber.endedAt - signal) / 100_000_000L);
            }
            System.out.printf("drain after SIGTERM: out of service at %d ms, streams ended from %d to %d ms in %d "
                    + "tenths of a second%n", (outOfService.get() - signal) / 1_000_000, (first - signal) / 1_000_000,
                    (last - signal) / 1_000_000, tenths.size());
            String log = application.log();
            assertThat(log).contains("Herald hub draining").contains("Commencing graceful shutdown");
            assertThat(outOfService.get()).as("readiness refused before the first stream ended").isLessThan(first);
            // Within the drain (delay, then time), with a margin for a loaded machine.
            assertThat(Duration.ofNanos(last - signal)).isLessThan(DELAY.plus(DRAIN_TIME).plusSeconds(3));
            // Spread over the drain time (evenly: 20 ends about 150 ms apart over 2.85 s), not in one instant.
            assertThat(Duration.ofNanos(last - first)).isGreaterThan(DRAIN_TIME.dividedBy(2));
            assertThat(tenths).as("tenths of a second in which streams ended").hasSizeGreaterThanOrEqualTo(
                    SUBSCRIBERS / 2);
        } finally {
            readers.shutdownNow();
        }
    }

    /** Asks the readiness group until the server stops answering; records when it first said OUT_OF_SERVICE. */
    private void pollReadiness(URI base, AtomicLong outOfService) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(base.resolve(
                        "/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (readiness.statusCode() == 503 && readiness.body().contains("OUT_OF_SERVICE")) {
                    outOfService.compareAndSet(Long.MAX_VALUE, System.nanoTime());
                }
                Thread.sleep(20);
            } catch (IOException e) {
                return; // the server no longer takes requests
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** What one subscriber saw: the ids of its updates, the last {@code retry:} hint, and when its stream ended. */
    private record Subscriber(List<String> ids, long retry, long endedAt) {
        static Subscriber read(InputStream body) {
            List<String> ids = new ArrayList<>();
            long retry = -1;
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("id: ")) {
                        ids.add(line.substring(4));
                    } else if (line.startsWith("retry: ")) {
                        retry = Long.parseLong(line.substring(7));
                    }
                }
            } catch (IOException e) {
                // the connection closed: the stream ended all the same
            }
            return new Subscriber(ids, retry, System.nanoTime());
        }
    }
}
