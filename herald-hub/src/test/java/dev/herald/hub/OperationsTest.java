package dev.herald.hub;

import static dev.herald.hub.HubFixture.subscribeUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperationsTest {

    @Test
    void healthAndMetricsReportTheHub() throws Exception {
        try (TestHub hub = HubFixture.start(HubFixture.builder());
                StreamReader stream = StreamReader.open(subscribeUrl(hub, "topic=t:ops"), Map.of())) {
            HubFixture.publish(hub, "topic", "t:ops", "data", "x");
            stream.next();
            JsonNode health = new ObjectMapper().readTree(HubFixture.get(hub, "/healthz", Map.of()).body());
            assertThat(health.get("status").asText()).isEqualTo("ok");
            assertThat(health.get("subscribers").asInt()).isEqualTo(1);
            assertThat(health.get("publishes").asLong()).isEqualTo(1);
            HubMetricsView metrics = HubMetricsView.scrape(hub);
            assertThat(metrics.value("herald_subscribers")).isEqualTo(1.0);
            assertThat(metrics.value("herald_publishes_total")).isEqualTo(1.0);
            assertThat(metrics.value("herald_deliveries_total")).isEqualTo(1.0);
            assertThat(metrics.text()).contains("herald_dispatch_latency_seconds");
        }
    }

    @Test
    void metricsIncludeTheJvmTheProcessAndNetty() throws Exception {
        try (TestHub hub = HubFixture.start(HubFixture.builder())) {
            String metrics = HubMetricsView.scrape(hub).text();
            assertThat(metrics).contains("jvm_memory_used_bytes{", "jvm_buffer_memory_used_bytes{", "jvm_gc_",
                    "jvm_threads_live_threads", "jvm_classes_loaded_classes", "jvm_info{",
                    "system_cpu_count", "process_cpu_usage", "process_uptime_seconds",
                    "process_files_open_files", "process_files_max_files",
                    "netty_allocator_memory_used", "netty_eventexecutor_tasks_pending");
        }
    }

    @Test
    void idleStreamsGetHeartbeatComments() throws Exception {
        try (TestHub hub = HubFixture.start(HubFixture.builder().heartbeat(Duration.ofMillis(100)));
                StreamReader stream = StreamReader.open(subscribeUrl(hub, "topic=t:beat"), Map.of())) {
            assertThat(stream.awaitComment()).isEmpty();
            assertThat(stream.awaitComment()).isEmpty();
        }
    }

    @Test
    void corsAllowsConfiguredOriginsWithCredentials() throws Exception {
        try (TestHub hub = HubFixture.start(HubFixture.builder().corsOrigin("https://app.example"))) {
            HttpResponse<String> allowed = HubFixture.get(hub, "/healthz", Map.of("Origin", "https://app.example"));
            assertThat(allowed.headers().firstValue("access-control-allow-origin")).contains("https://app.example");
            assertThat(allowed.headers().firstValue("access-control-allow-credentials")).contains("true");
            HttpResponse<String> other = HubFixture.get(hub, "/healthz", Map.of("Origin", "https://evil.example"));
            assertThat(other.headers().firstValue("access-control-allow-origin")).isEmpty();
            HttpResponse<String> preflight = StreamReader.CLIENT.send(HttpRequest.newBuilder(URI.create(hub.url()))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://app.example")
                    .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(preflight.headers().firstValue("access-control-allow-headers").orElse(""))
                    .contains("authorization").contains("last-event-id");
        }
    }

    @Test
    void thePageIsServedAtTheRoot() throws Exception {
        try (TestHub hub = HubFixture.start(HubFixture.builder())) {
            HttpResponse<String> page = HubFixture.get(hub, "/", Map.of());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
            assertThat(page.body()).contains("EventSource");
        }
    }

    @Test
    void aHubWhosePortIsTakenSaysSoAndStops() throws Exception {
        try (TestHub hub = HubFixture.start(HubFixture.builder())) {
            int port = hub.address().getPort();
            Hub second = HubFixture.builder().address("127.0.0.1", port).build();
            assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot listen on").hasMessageContaining(":" + port);
            assertThat(HubFixture.get(hub, "/healthz", Map.of()).statusCode()).as("the first hub serves on")
                    .isEqualTo(200);
        }
    }

    @Test
    void closingTheHubEndsEveryStream() throws Exception {
        TestHub hub = HubFixture.start(HubFixture.builder());
        StreamReader stream = StreamReader.open(subscribeUrl(hub, "topic=t:end"), Map.of());
        hub.close();
        assertThat(stream.awaitEnd(5000)).isTrue();
    }

    @Test
    void connectionsOverTheLimitGet503WithRetryAfter() throws Exception {
        try (TestHub hub = HubFixture.start(HubFixture.builder().maxConnections(2));
                StreamReader first = StreamReader.open(subscribeUrl(hub, "topic=a"), Map.of());
                Socket second = new Socket("127.0.0.1", hub.address().getPort());
                Socket third = new Socket("127.0.0.1", hub.address().getPort())) {
            assertThat(first.response.statusCode()).isEqualTo(200);
            assertThat(second.isConnected()).isTrue(); // the second connection fills the limit
            Thread.sleep(100);
            third.setSoTimeout(5000);
            third.getOutputStream().write("GET /.well-known/mercure?topic=a HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = third.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 503").containsIgnoringCase("retry-after: 5");
        }
    }

    @Test
    void subscriptionEventsAndTheSubscriptionsApiDescribeActiveSubscribers() throws Exception {
        try (TestHub hub = HubFixture.start(HubFixture.builder().subscriptions(true))) {
            String watcherToken = Tokens.hs256(List.of(), List.of("/.well-known/mercure/subscriptions{/topic}{/subscriber}"));
            try (StreamReader watcher = StreamReader.open(subscribeUrl(hub,
                    "topic=" + java.net.URLEncoder.encode("/.well-known/mercure/subscriptions{/topic}{/subscriber}",
                            StandardCharsets.UTF_8)), Tokens.bearer(watcherToken))) {
                StreamReader subscriber = StreamReader.open(subscribeUrl(hub, "topic=https%3A%2F%2Fexample.com%2Fa"),
                        Map.of());
                // The watcher sees its own connection announced first, then the other subscriber's.
                JsonNode own = new ObjectMapper().readTree(watcher.next().data());
                assertThat(own.get("topic").asText()).isEqualTo("/.well-known/mercure/subscriptions{/topic}{/subscriber}");
                JsonNode connected = new ObjectMapper().readTree(watcher.next().data());
                assertThat(connected.get("type").asText()).isEqualTo("Subscription");
                assertThat(connected.get("topic").asText()).isEqualTo("https://example.com/a");
                assertThat(connected.get("active").asBoolean()).isTrue();
                assertThat(connected.get("id").asText())
                        .startsWith("/.well-known/mercure/subscriptions/https%3A%2F%2Fexample.com%2Fa/urn%3Auuid%3A");

                HttpResponse<String> list = HubFixture.get(hub, "/.well-known/mercure/subscriptions",
                        Tokens.bearer(watcherToken));
                assertThat(list.statusCode()).isEqualTo(200);
                assertThat(list.headers().firstValue("content-type")).contains("application/ld+json");
                JsonNode collection = new ObjectMapper().readTree(list.body());
                assertThat(collection.get("type").asText()).isEqualTo("Subscriptions");
                assertThat(collection.get("subscriptions").size()).isGreaterThanOrEqualTo(2);

                subscriber.close();
                JsonNode gone = new ObjectMapper().readTree(watcher.next().data());
                assertThat(gone.get("active").asBoolean()).isFalse();
            }
        }
    }

    @Test
    void http2ClearTextServesStreams() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        try (TestHub hub = HubFixture.start(HubFixture.builder())) {
            // The JDK client upgrades the first request (h2c); later ones reuse the HTTP/2 connection.
            HttpResponse<String> warmUp = h2.send(HttpRequest.newBuilder(URI.create(
                    hub.url().replace("/.well-known/mercure", "/healthz"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(warmUp.version()).isEqualTo(HttpClient.Version.HTTP_2);
            try (StreamReader stream = StreamReader.open(h2, subscribeUrl(hub, "topic=t:h2"), Map.of())) {
                assertThat(stream.response.version()).isEqualTo(HttpClient.Version.HTTP_2);
                HubFixture.publish(hub, "topic", "t:h2", "data", "over h2");
                assertThat(stream.next().data()).isEqualTo("over h2");
            }
        }
    }
}
