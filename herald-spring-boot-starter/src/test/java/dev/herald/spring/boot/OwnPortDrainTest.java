package dev.herald.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.Hub;
import dev.herald.spring.boot.apps.publishing.PublishingApplication;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A hub on its own port ({@code herald.hub.port}) drains at the same moments as one served by the application's
 * server: as the context closes its own {@code /healthz/ready} answers 503 {@code draining} while its streams go on
 * for the drain delay; then they end, spread over the drain time.
 */
@Timeout(60)
class OwnPortDrainTest {

    private static final int SUBSCRIBERS = 10;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void theHubsOwnReadinessIsRefusedBeforeItsStreamsEndSpreadOverTheDrainTime() throws Exception {
        ConfigurableApplicationContext application = new SpringApplicationBuilder(PublishingApplication.class).run(
                "--server.port=0", "--server.address=127.0.0.1", "--herald.hub.port=0",
                "--herald.hub.host=127.0.0.1", "--herald.hub.anonymous=true", "--herald.hub.drain-delay=1s",
                "--herald.hub.drain-time=2s");
        Hub hub = application.getBean(Hub.class);
        URI root = URI.create(hub.url()).resolve("/");
        List<CompletableFuture<Long>> ends = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(hub.url() + "?topic="
                    + URLEncoder.encode(PublishingApplication.TOPIC, StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            ends.add(CompletableFuture.supplyAsync(() -> endOf(stream.body())));
        }
        assertThat(ready(root)).isEqualTo(200);

        CompletableFuture<Void> closed = CompletableFuture.runAsync(application::close);
        long refused = 0;
        while (refused == 0 && !closed.isDone()) {
            if (ready(root) == 503) {
                refused = System.nanoTime();
            }
            Thread.sleep(10);
        }
        closed.get(30, TimeUnit.SECONDS);
        long first = Long.MAX_VALUE;
        long last = 0;
        for (CompletableFuture<Long> end : ends) {
            first = Math.min(first, end.get(5, TimeUnit.SECONDS));
            last = Math.max(last, end.get());
        }
        assertThat(refused).as("the hub's readiness answered 503").isNotZero();
        assertThat(refused).as("readiness refused before the first stream ended").isLessThan(first);
        assertThat(Duration.ofNanos(last - first)).as("spread over the drain time")
                .isGreaterThan(Duration.ofSeconds(1));
    }

    private int ready(URI root) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(root.resolve("/healthz/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1; // stopped
        }
    }

    /** Reads a stream to its end; when it ended. */
    private static long endOf(InputStream body) {
        try (body) {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the connection closed: the stream ended all the same
        }
        return System.nanoTime();
    }
}
