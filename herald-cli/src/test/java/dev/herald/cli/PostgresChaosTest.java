package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.client.EventSource;
import dev.herald.client.EventSourceListener;
import dev.herald.client.ReconnectPolicy;
import dev.herald.core.MessageEvent;
import dev.herald.hub.KeySpec;
import dev.herald.hub.MercureToken;
import dev.herald.testsupport.MissingComponent;
import dev.herald.testsupport.PrivateNginx;
import dev.herald.testsupport.PrivatePostgres;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos on the PostgreSQL transport (also run by {@code bench/postgres-chaos.sh}, with more updates): two
 * {@code herald serve} nodes on one private PostgreSQL behind nginx ({@code bench/rolling-nginx.conf}), a subscriber
 * through nginx that reconnects as an EventSource does, and a publisher that retries each update (same id) until it
 * is answered 200, 50 a second. A third of the way node A is killed with SIGKILL; two thirds of the way PostgreSQL
 * stops for a second and starts again. The subscriber must end with exactly the log (every update, in order, once)
 * and the log must hold every acknowledged update; then both nodes restart and a subscriber from {@code earliest}
 * receives the whole log again.
 */
class PostgresChaosTest {

    private static final int UPDATES = Integer.getInteger("herald.chaos.updates", 1_500);
    /** The publisher's pace: 50 a second, so that the outages fall in the middle of publishing. */
    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final String KEY = "postgres-chaos-test-key-0123456789abcdef";
    private static final String TOPIC = "https://example.com/chaos";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Publishes answered otherwise than 200 (or not at all) and so sent again. */
    private static final java.util.concurrent.atomic.AtomicInteger RETRIES = new java.util.concurrent.atomic.AtomicInteger();

    private final ServeProcess[] nodes = new ServeProcess[2];
    private final int[] ports = new int[2];
    private Path dir;
    private String database;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    @SuppressWarnings("try") // nginx only has to run while the body does
    void everyAcknowledgedUpdateArrivesInOrderOnceThroughAKilledNodeAndARestartedDatabase(@TempDir Path dir)
            throws Exception {
        this.dir = dir;
        MissingComponent.requireProgram("nginx", "nginx");
        long began = System.nanoTime();
        try (PrivatePostgres postgres = PrivatePostgres.start()) {
            database = postgres.url();
            ports[0] = ServeProcess.freePort();
            ports[1] = ServeProcess.freePort();
            int proxyPort = ServeProcess.freePort();
            CompletableFuture<Void> a = CompletableFuture.runAsync(() -> start(0));
            CompletableFuture<Void> b = CompletableFuture.runAsync(() -> start(1));
            a.join();
            b.join();
            awaitReady(0);
            awaitReady(1);
            try (PrivateNginx nginx = PrivateNginx.start(Path.of("..", "bench", "rolling-nginx.conf"), Map.of(
                    "LISTEN", Integer.toString(proxyPort), "NODE_A", "127.0.0.1:" + ports[0], "NODE_B",
                    "127.0.0.1:" + ports[1], "FAIL_TIMEOUT", "1s"), proxyPort)) {
                String hub = "http://127.0.0.1:" + proxyPort + "/.well-known/mercure";
                String token = MercureToken.builder().publish("*").expiresIn(Duration.ofHours(1))
                        .sign(KeySpec.parse("HS256", KEY));
                List<String> live = new CopyOnWriteArrayList<>();
                List<String> acknowledged = new ArrayList<>();
                try (EventSource subscriber = subscribe(hub, null, live)) {
                    CompletableFuture<Void> restart = null;
                    long start = System.nanoTime();
                    for (int i = 1; i <= UPDATES; i++) {
                        long due = start + i * INTERVAL_NANOS - System.nanoTime();
                        if (due > 0) {
                            TimeUnit.NANOSECONDS.sleep(due);
                        }
                        if (i == UPDATES / 3) {
                            nodes[0].process.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL
                        }
                        if (i == 2 * UPDATES / 3) {
                            restart = CompletableFuture.runAsync(() -> restart(postgres));
                        }
                        publish(hub, token, "u" + i);
                        acknowledged.add("u" + i);
                    }
                    restart.get(60, TimeUnit.SECONDS);
                    List<String> log = log();
                    System.out.println("postgres chaos: " + RETRIES.get() + " publishes retried; the log holds "
                            + log.size() + " updates, the subscriber got " + live.size());
                    assertThat(log).as("the log holds every acknowledged update").containsAll(acknowledged);
                    assertThat(new HashSet<>(acknowledged)).containsAll(log);
                    awaitSize(live, log.size(), 30_000);
                    assertThat(live).as("the subscriber through nginx: the log, in order, once").isEqualTo(log);
                    assertThat(subscriber.lastEventId()).isEqualTo(log.get(log.size() - 1));
                }

                nodes[1].terminate(Duration.ofSeconds(20));
                CompletableFuture<Void> againA = CompletableFuture.runAsync(() -> start(0));
                CompletableFuture<Void> againB = CompletableFuture.runAsync(() -> start(1));
                againA.join();
                againB.join();
                awaitReady(0);
                awaitReady(1);
                List<String> log = log();
                List<String> replayed = new CopyOnWriteArrayList<>();
                try (EventSource fromEarliest = subscribe(hub, "earliest", replayed)) {
                    awaitSize(replayed, log.size(), 30_000);
                    assertThat(replayed).as("from earliest after both nodes restarted").isEqualTo(log);
                    assertThat(new HashSet<>(replayed)).hasSize(UPDATES);
                    assertThat(fromEarliest.lastEventId()).isEqualTo(log.get(log.size() - 1));
                }
            }
        } finally {
            for (ServeProcess node : nodes) {
                if (node != null) {
                    node.close();
                }
            }
            try (java.util.stream.Stream<Path> logs = java.nio.file.Files.list(dir)) {
                for (Path log : logs.sorted().toList()) {
                    java.nio.file.Files.readAllLines(log).stream().filter(line -> line.contains("PostgreSQL"))
                            .limit(6).forEach(line -> System.out.println("postgres chaos: " + log.getFileName()
                                    + ": " + line));
                }
            }
            System.out.println("postgres chaos: " + UPDATES + " updates in "
                    + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began) + " s");
        }
    }

    private static void restart(PrivatePostgres postgres) {
        try {
            // Down for a second at least, so that publishes meet the outage (a restart alone can be quicker).
            postgres.stop();
            Thread.sleep(1_000);
            postgres.startAgain();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Publishes {@code id} until it is answered 200: 503, 502 (a killed node) and resets are retried. */
    private static void publish(String hub, String token, String id) throws Exception {
        String form = "topic=" + URLEncoder.encode(TOPIC, StandardCharsets.UTF_8) + "&id=" + id + "&data=" + id;
        HttpRequest request = HttpRequest.newBuilder(URI.create(hub))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(form)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // the node went away mid-request: not acknowledged, so published again
            }
            RETRIES.incrementAndGet();
            if (System.nanoTime() > deadline) {
                throw new AssertionError(id + " was not acknowledged within 60 s");
            }
            Thread.sleep(50);
        }
    }

    private static EventSource subscribe(String hub, String lastEventId, List<String> received) throws Exception {
        CountDownLatch opened = new CountDownLatch(1);
        EventSource.Builder builder = EventSource.builder(URI.create(hub + "?topic="
                + URLEncoder.encode(TOPIC, StandardCharsets.UTF_8)))
                .reconnectPolicy(ReconnectPolicy.builder().initialDelay(Duration.ofMillis(200))
                        .retryServerErrors(true).build())
                .listener(new EventSourceListener() {
                    @Override
                    public void onOpen(EventSource source, HttpResponse.ResponseInfo response) {
                        opened.countDown();
                    }

                    @Override
                    public void onEvent(EventSource source, MessageEvent event) {
                        received.add(event.lastEventId());
                    }
                });
        if (lastEventId != null) {
            builder.lastEventId(lastEventId);
        }
        EventSource source = builder.connect();
        if (!opened.await(30, TimeUnit.SECONDS)) {
            source.close();
            throw new AssertionError("the subscriber did not connect within 30 s");
        }
        return source;
    }

    private List<String> log() throws Exception {
        String url = database.replace("postgresql://postgres@", "jdbc:postgresql://") + "?user=postgres";
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id FROM herald_updates ORDER BY position")) {
            List<String> ids = new ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return ids;
        }
    }

    private static void awaitSize(List<String> received, int size, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (received.size() < size && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
    }

    private void start(int index) {
        try {
            List<String> jvm = ServeProcess.quickStartJvmOptions();
            nodes[index] = new ServeProcess(jvm, dir.resolve("node-" + index + "-" + System.nanoTime() + ".log"),
                    "--addr", "127.0.0.1:" + ports[index], "--transport", database, "--jwt-key", KEY, "--anonymous",
                    "--drain-delay", "0", "--drain-time", "0", "--history-size", "100000");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady(int index) throws InterruptedException {
        ServeProcess.awaitReady(ports[index]);
    }
}
