package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.KeySpec;
import dev.herald.hub.MercureToken;
import dev.herald.loadgen.BenchOptions;
import dev.herald.loadgen.LoadGenerator;
import dev.herald.loadgen.PublishFormat;
import dev.herald.loadgen.Report;
import dev.herald.loadgen.Scenario;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart, the small version of {@code bench/rolling.sh}: two {@code herald serve} nodes on a private
 * Redis behind nginx ({@code bench/rolling-nginx.conf}), a few hundred subscribers that behave as EventSource and a
 * publisher retrying only 503, both through nginx; node A gets SIGTERM, drains and is started again, then node B.
 * Every subscriber must end with every acknowledged update, in order, once; hardly a publish may end unknown; and the
 * reconnections, all of which land on the node that is not draining, must stay within twice the even rate of
 * every subscriber moving over the drain time.
 */
class RollingRestartTest {

    private static final int SUBSCRIBERS = 300;
    private static final double RATE = 20;
    private static final Duration DRAIN_DELAY = Duration.ofSeconds(1);
    private static final Duration DRAIN_TIME = Duration.ofSeconds(3);
    /** How long nginx leaves out a node that refused a request; a rolled node is back in rotation after it. */
    private static final Duration FAIL_TIMEOUT = Duration.ofSeconds(2);
    private static final String KEY = "rolling-restart-test-key-0123456789abcdef";

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aRollingRestartLosesNothingAndSpreadsTheReconnections(@TempDir Path dir) throws Exception {
        List<String> nodeArgs = List.of("--jwt-key", KEY, "--anonymous", "--drain-delay",
                DRAIN_DELAY.toMillis() + "ms", "--drain-time", DRAIN_TIME.toMillis() + "ms");
        try (RollingCluster cluster = new RollingCluster(dir, nodeArgs, FAIL_TIMEOUT.toSeconds() + "s")) {
            String token = MercureToken.builder().publish("*").expiresIn(Duration.ofHours(1))
                    .sign(KeySpec.parse("HS256", KEY));
            LoadGenerator generator = new LoadGenerator(BenchOptions.builder(Scenario.FANOUT)
                    .subscribeUrl(cluster.proxyUrl() + "?topic={topic}").publishUrl(cluster.proxyUrl())
                    .publishFormat(PublishFormat.MERCURE).token(token).topic("https://example.com/rolling")
                    .subscribers(SUBSCRIBERS).rate(RATE).size(100).threads(2).warmup(Duration.ZERO)
                    .duration(Duration.ofSeconds(90)).drain(Duration.ofSeconds(10))
                    .resume(true).retryRefused(true).pipeline(1).build(),
                    new PrintStream(System.out, true, StandardCharsets.UTF_8));
            CompletableFuture<Report> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return generator.run();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            generator.windowStarted().get(60, TimeUnit.SECONDS);
            Thread.sleep(1000);

            Duration stopWithin = DRAIN_DELAY.plus(DRAIN_TIME).plusSeconds(10);
            String drainedA = cluster.roll(0, stopWithin);
            Thread.sleep(FAIL_TIMEOUT.toMillis() + 500); // nginx takes A back
            String drainedB = cluster.roll(1, stopWithin);
            Thread.sleep(1000);
            generator.endWindow();
            Report report = run.get(60, TimeUnit.SECONDS);
            System.out.print(report.toTable());
            System.out.println("reconnections begun per second: " + report.reconnectAttemptsPerSecond());
            System.out.println("reconnections answered 200 per second: " + report.reconnectsPerSecond());

            assertThat(drainedA).as("node A's log").contains("drained:");
            assertThat(drainedB).as("node B's log").contains("drained:");
            assertThat(report.connected()).isEqualTo(SUBSCRIBERS);
            // A publish nginx sends over a kept-alive connection at the moment the node closes it is reset, and nginx
            // passes no POST on: the publisher cannot know whether it was stored (it was not, in the runs measured),
            // so it does not count as acknowledged. The race is narrow: at most one per roll.
            assertThat(report.publishErrors()).as("publishes answered neither 200 nor 503").isLessThanOrEqualTo(2);
            assertThat(report.published()).isGreaterThan((long) (RATE * 10));
            assertThat(report.expected()).isEqualTo(SUBSCRIBERS * report.published());
            assertThat(report.missing()).as("acknowledged updates some subscriber never got").isZero();
            assertThat(report.duplicated()).isZero();
            assertThat(report.reordered()).isZero();
            // Every subscriber moved at least once (those of A, then everyone from B), each with its Last-Event-ID:
            // without it, what was published while it reconnected would be missing above.
            assertThat(report.reconnects()).isGreaterThanOrEqualTo(SUBSCRIBERS);
            // The rate the surviving node receives them at: what the drain spreads. (How fast a node just started
            // answers them is its own speed; the report shows both.)
            assertThat(report.peakReconnectAttemptsPerSecond()).as("the busiest second's reconnections")
                    .isLessThanOrEqualTo(2 * SUBSCRIBERS / DRAIN_TIME.toSeconds());
        }
    }
}
