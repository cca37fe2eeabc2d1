package dev.herald.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the load generator against {@link StubHub}s whose misbehaviour is known, and checks what it reports. */
class LoadGeneratorTest {

    /** What the hop from the stub's write to the client's parse may add on a busy two-core machine. */
    private static final double HOP_MS = 25;

    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    private BenchOptions.Builder against(StubHub hub, Scenario scenario) {
        return BenchOptions.builder(scenario)
                .subscribeUrl("http://127.0.0.1:" + hub.port() + "/sub/{topic}")
                .publishUrl("http://127.0.0.1:" + hub.port() + "/pub/{topic}")
                .publishFormat(PublishFormat.RAW)
                .publishConnections(1) // one connection keeps the publishes in order at the stub
                .warmup(Duration.ZERO)
                .threads(2)
                .size(64)
                .drain(Duration.ofMillis(600));
    }

    private Report run(BenchOptions options) throws Exception {
        return new LoadGenerator(options, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();
    }

    /** One short run first, so that the measured runs do not pay for class loading and the JIT. */
    @BeforeAll
    static void warmUp() throws Exception {
        try (StubHub hub = new StubHub(sequence -> new long[] {0})) {
            new LoadGeneratorTest().run(new LoadGeneratorTest().against(hub, Scenario.FANOUT).subscribers(5)
                    .rate(500).duration(Duration.ofMillis(400)).build());
        }
    }

    @Test
    void percentilesMatchTheLatencyTheHubAdds() throws Exception {
        // Three events in four are 20 ms late, the fourth 120 ms: p50 is 20 ms; p90, p99 and the max 120 ms.
        try (StubHub hub = new StubHub(sequence -> new long[] {sequence % 4 == 3 ? 120 : 20}, true)) {
            Report report = run(against(hub, Scenario.FANOUT).subscribers(5).rate(200)
                    .duration(Duration.ofSeconds(1)).build());

            assertThat(report.missing()).isZero();
            assertThat(report.delivered()).isEqualTo(report.expected()).isEqualTo(5 * report.published());
            assertThat(report.published()).isBetween(190L, 201L);
            assertThat(report.latency().count()).isEqualTo(report.delivered());
            // HdrHistogram keeps three significant digits: a value may read up to 0.1% lower. Above, only the
            // loopback hop to the client's event loop is added.
            assertThat(report.latency().p50()).isBetween(20 * 0.999, 20 + HOP_MS);
            assertThat(report.latency().p90()).isBetween(120 * 0.999, 120 + HOP_MS);
            assertThat(report.latency().p99()).isBetween(120 * 0.999, 120 + HOP_MS);
            // The slowest few of a thousand deliveries are where a busy machine's pauses land: bounded loosely.
            assertThat(report.latency().p999()).isBetween(120 * 0.999, 120 + 20 * HOP_MS);
            assertThat(report.latency().max()).isBetween(120 * 0.999, 120 + 20 * HOP_MS);
            assertThat(hub.accepts()).hasSize(5).containsOnly("text/event-stream");
        }
    }

    @Test
    void gripPublishesReachEverySubscriberAsPushpinWouldSendThem() throws Exception {
        try (StubHub hub = new StubHub(sequence -> new long[] {0})) {
            Report report = run(against(hub, Scenario.FANOUT).publishUrl("http://127.0.0.1:" + hub.port()
                    + "/publish/").publishFormat(PublishFormat.GRIP).pipeline(1).subscribers(20).rate(50)
                    .duration(Duration.ofSeconds(1)).build());
            assertThat(report.publishErrors()).isZero();
            // The stub closes each publish connection, as Pushpin does: the next opens at once, so the rate holds.
            assertThat(report.published()).isBetween(45L, 51L);
            assertThat(report.delivered()).isEqualTo(report.expected()).isEqualTo(20 * report.published());
        }
    }

    @Test
    void warmUpEventsCountNowhere() throws Exception {
        // The stub delivers warm-up events like any other; the subscribers must ignore them, and the measured
        // sequence must start at 0 after the warm-up.
        try (StubHub hub = new StubHub(sequence -> new long[] {0})) {
            Report report = run(against(hub, Scenario.FANOUT).subscribers(3).rate(200)
                    .warmup(Duration.ofMillis(500)).duration(Duration.ofMillis(500)).build());

            assertThat(report.published()).isBetween(90L, 101L);
            assertThat(report.expected()).isEqualTo(3 * report.published());
            assertThat(report.delivered()).isEqualTo(report.expected());
            assertThat(report.missing()).isZero();
            assertThat(report.duplicated()).isZero();
            assertThat(report.latency().count()).isEqualTo(report.delivered());
        }
    }

    @Test
    void realDelaysAreNeverUnderstated() throws Exception {
        // The stub really holds the events; on a busy machine its timers fire late, so only the bounds below hold.
        try (StubHub hub = new StubHub(sequence -> new long[] {sequence % 4 == 3 ? 120 : 20})) {
            Report report = run(against(hub, Scenario.FANOUT).subscribers(5).rate(200)
                    .duration(Duration.ofMillis(600)).build());

            assertThat(report.missing()).isZero();
            assertThat(report.latency().p50()).isBetween(20 * 0.999, 20 + 4 * HOP_MS);
            assertThat(report.latency().p90()).isGreaterThanOrEqualTo(120 * 0.999);
            assertThat(report.latency().max()).isGreaterThanOrEqualTo(120 * 0.999).isLessThan(1000);
        }
    }

    @Test
    void dropsAndDuplicatesAreCounted() throws Exception {
        // Event 3 of every ten never comes, event 5 comes twice.
        try (StubHub hub = new StubHub(sequence -> sequence % 10 == 3 ? new long[0]
                : sequence % 10 == 5 ? new long[] {0, 5} : new long[] {0})) {
            Report report = run(against(hub, Scenario.FANOUT).subscribers(4).rate(100)
                    .duration(Duration.ofMillis(1000)).build());

            long published = report.published();
            long dropped = (published + 6) / 10; // sequences 3, 13, 23, ... below published
            long doubled = (published + 4) / 10;
            assertThat(report.expected()).isEqualTo(4 * published);
            assertThat(report.missing()).isEqualTo(4 * dropped);
            assertThat(report.duplicated()).isEqualTo(4 * doubled);
            assertThat(report.delivered()).isEqualTo(4 * (published - dropped));
            assertThat(report.reordered()).isZero();
        }
    }

    @Test
    void reorderingIsDetected() throws Exception {
        // Event 6 of every ten is sent right after event 7.
        try (StubHub hub = new StubHub(sequence -> sequence % 10 == 6 ? new long[] {StubHub.Plan.AFTER_NEXT}
                : new long[] {0})) {
            Report report = run(against(hub, Scenario.FANOUT).subscribers(3).rate(100)
                    .duration(Duration.ofMillis(1000)).build());

            long published = report.published();
            long late = (published + 2) / 10; // sequences 6, 16, ... with a successor below published
            long stillHeld = published % 10 == 7 ? 1 : 0; // the last event was a 6, never released
            assertThat(report.reordered()).isEqualTo(3 * late);
            assertThat(report.missing()).isEqualTo(3 * stillHeld);
            assertThat(report.duplicated()).isZero();
        }
    }

    @Test
    void topicsSpreadPublishesAndStormReconnectsWithLastEventId() throws Exception {
        try (StubHub hub = new StubHub(sequence -> new long[] {0})) {
            Report topics = run(against(hub, Scenario.TOPICS).subscribers(4).rate(200)
                    .duration(Duration.ofMillis(500)).build());
            assertThat(topics.expected()).isEqualTo(topics.published());
            assertThat(topics.missing()).isZero();

            Report storm = run(against(hub, Scenario.STORM).topic("storm").subscribers(20).rate(200)
                    .duration(Duration.ofMillis(1000)).build());
            assertThat(storm.reconnect().count()).isEqualTo(20);
            assertThat(storm.missing()).isZero();
            assertThat(storm.duplicated()).isZero();
            assertThat(storm.delivered()).isEqualTo(20 * storm.published());
        }
    }

    @Test
    void resumingSubscribersComeBackAfterTheRetryHintWithTheirLastEventIdAndRefusedPublishesAreRetriedInOrder()
            throws Exception {
        try (StubHub hub = new StubHub(sequence -> new long[] {0})) {
            java.util.concurrent.CompletableFuture<Report> run = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return run(against(hub, Scenario.FANOUT).subscribers(10).rate(50).pipeline(1)
                                    .resume(true).retryRefused(true).duration(Duration.ofSeconds(5))
                                    .drain(Duration.ofSeconds(2)).build());
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
            while (hub.subscriberCount() < 10) {
                Thread.sleep(20);
            }
            Thread.sleep(1000);
            hub.refusePublishes(2);
            hub.endStreams(400);
            Report report = run.get(30, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(hub.lastEventIds()).hasSize(10).doesNotContainNull().allMatch(id -> !id.isEmpty());
            assertThat(report.reconnects()).isEqualTo(10);
            assertThat(report.publishRetries()).isEqualTo(2);
            assertThat(report.publishErrors()).isZero();
            // Two refusals of one event held the others back for two seconds; they went out after it.
            assertThat(report.published()).isBetween(200L, 251L);
            assertThat(report.delivered()).isEqualTo(report.expected()).isEqualTo(10 * report.published());
            assertThat(report.missing()).isZero();
            assertThat(report.duplicated()).isZero();
            assertThat(report.reordered()).isZero();
            // The refused event waited its Retry-After of a second, and the ended streams their retry hint.
            assertThat(report.latency().max()).isGreaterThanOrEqualTo(999);
        }
    }

    @Test
    void slowSubscribersAreLeftOutOfTheDeliveryCounts() throws Exception {
        try (StubHub hub = new StubHub(sequence -> new long[] {0})) {
            Report report = run(against(hub, Scenario.SLOW).subscribers(10).slowShare(0.2).rate(100)
                    .duration(Duration.ofMillis(500)).build());
            assertThat(report.slowSubscribers()).isEqualTo(2);
            assertThat(report.expected()).isEqualTo(8 * report.published());
            assertThat(report.missing()).isZero();
        }
    }

    @Test
    void mercureFormatSendsTheTokenAndFilesAreWritten(@TempDir Path dir) throws Exception {
        try (StubHub hub = new StubHub(sequence -> new long[] {1})) {
            Path json = dir.resolve("report.json");
            Path plot = dir.resolve("latency.png");
            Report report = run(against(hub, Scenario.FANOUT).publishUrl("http://localhost:" + hub.port() + "/pub")
                    .publishFormat(PublishFormat.MERCURE).token("secret-token").subscribers(2).rate(50)
                    .duration(Duration.ofMillis(400)).json(json).plot(plot).build());

            assertThat(report.published()).isPositive();
            assertThat(hub.authorizations()).isNotEmpty().containsOnly("Bearer secret-token");
            JsonNode node = new ObjectMapper().readTree(json.toFile());
            assertThat(node.get("scenario").asText()).isEqualTo("fanout");
            assertThat(node.get("delivered").asLong()).isEqualTo(report.delivered());
            assertThat(node.get("latency_ms").get("p999").isNumber()).isTrue();
            assertThat(node.has("connect_ms")).isTrue();
            assertThat(node.has("target_rss_bytes")).isTrue();
            assertThat(ImageIO.read(plot.toFile()).getWidth()).isPositive();
            assertThat(progress.toString(StandardCharsets.UTF_8)).contains("conn 2/2");
        }
    }

    @Test
    void idleMeasuresTheTargetProcess() throws Exception {
        try (StubHub hub = new StubHub(sequence -> new long[] {0})) {
            // The stub runs in this JVM, so this process is the target.
            Report report = run(against(hub, Scenario.IDLE).subscribers(50).duration(Duration.ofMillis(300))
                    .targetPids(List.of(ProcessHandle.current().pid())).build());
            assertThat(report.connected()).isEqualTo(50);
            assertThat(report.connect().count()).isEqualTo(50);
            assertThat(report.targetRssBytes()).isPositive();
            assertThat(report.targetCpuPercent()).isNotNegative();
        }
    }

    @Test
    void nonLoopbackTargetsAreRefusedBeforeAnyConnection() {
        BenchOptions options = BenchOptions.builder(Scenario.FANOUT).subscribeUrl("http://10.1.2.3:8080/sub/{topic}")
                .publishUrl("http://127.0.0.1:1/pub").subscribers(1).duration(Duration.ofMillis(100)).build();
        assertThatThrownBy(() -> run(options)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.1.2.3").hasMessageContaining("loopback");
    }
}
