package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.Hub;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 2,000 updates at a steady 200 a second through hub nodes sharing a private Redis, while Redis restarts once
 * (keeping its data), one node is closed and a new one started. Every subscriber, moving to a surviving node with
 * its Last-Event-ID when its node goes, must end up with exactly the log: every update, in order, once.
 */
class ChaosTest {

    private static final String TOPIC = "https://example.com/chaos";
    private static final int UPDATES = 2_000;
    private static final long INTERVAL_MICROS = 5_000;

    private PrivateCluster cluster;
    private PrivateRedis redis;

    @BeforeEach
    void setUp() throws Exception {
        cluster = PrivateCluster.start();
        redis = cluster.redis;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Hub node() {
        return cluster.node();
    }

    private ResumingSubscriber subscriber(String name, Hub hub, Map<String, String> headers) throws Exception {
        ResumingSubscriber subscriber = ResumingSubscriber.open(name, TestHub.subscribeUrl(hub, TOPIC), headers);
        cluster.track(subscriber);
        return subscriber;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everySubscriberHoldsTheWholeLogInOrderOnce() throws Exception {
        Hub a = node();
        Hub b = node();
        List<Hub> live = new CopyOnWriteArrayList<>(List.of(a, b));
        List<ResumingSubscriber> onA = List.of(subscriber("a1", a, Map.of()), subscriber("a2", a, Map.of()));
        ResumingSubscriber b1 = subscriber("b1", b, Map.of());
        ResumingSubscriber b2 = subscriber("b2", b, Map.of());

        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        Set<String> attempted = Collections.synchronizedSet(new HashSet<>());
        AtomicReference<Throwable> publisherFailure = new AtomicReference<>();
        long start = System.nanoTime();
        Thread publisher = new Thread(() -> {
            try {
                publish(live, start, acknowledged, attempted);
            } catch (Throwable e) {
                publisherFailure.set(e);
            }
        }, "chaos-publisher");
        publisher.start();

        sleepUntil(start, 3_000);
        redis.stop(true);
        Thread.sleep(300);
        redis.startAgain();

        sleepUntil(start, 6_000);
        live.remove(b);
        b.close();
        b1.resumeAt(TestHub.subscribeUrl(a, TOPIC));
        Hub c = node();
        live.add(c);
        b2.resumeAt(TestHub.subscribeUrl(c, TOPIC));
        ResumingSubscriber late = subscriber("c-earliest", c, Map.of("Last-Event-ID", "earliest"));

        publisher.join(40_000);
        assertThat(publisher.isAlive()).as("publisher finished").isFalse();
        assertThat(publisherFailure.get()).isNull();
        assertThat(acknowledged).hasSize(UPDATES);

        List<String> log = TestRedis.with(redis.url(), connection -> connection.sync()
                .xrange(RedisTransport.DEFAULT_STREAM_KEY, io.lettuce.core.Range.unbounded()).stream()
                .map(entry -> entry.getBody().get("id")).toList());
        assertThat(log).containsAll(acknowledged).doesNotHaveDuplicates();
        assertThat(attempted).containsAll(log);

        long deadline = System.currentTimeMillis() + 15_000;
        List<ResumingSubscriber> everyone = new ArrayList<>(onA);
        everyone.addAll(List.of(b1, b2, late));
        for (ResumingSubscriber subscriber : everyone) {
            assertThat(subscriber.awaitEvents(log.size(), deadline)).as(subscriber.toString()).isEqualTo(log);
        }
        Thread.sleep(200);
        for (ResumingSubscriber subscriber : everyone) {
            assertThat(subscriber.awaitEvents(log.size() + 1, 0)).as(subscriber + " afterwards").hasSize(log.size());
        }
    }

    /**
     * Publishes update n at {@code start + n * 5 ms} through the live nodes in turn; an attempt answered otherwise
     * than 200 (503 while Redis is down, a closed connection while a node goes) is retried with a new id, as the
     * first may or may not have been stored.
     */
    private static void publish(List<Hub> live, long start, List<String> acknowledged, Set<String> attempted)
            throws Exception {
        long giveUp = System.currentTimeMillis() + 35_000;
        int turn = 0;
        for (int n = 0; n < UPDATES; n++) {
            long due = start + TimeUnit.MICROSECONDS.toNanos(n * INTERVAL_MICROS);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            for (int attempt = 0; ; attempt++) {
                if (System.currentTimeMillis() > giveUp) {
                    throw new AssertionError("publishing took too long; stuck at update " + n);
                }
                List<Hub> nodes = List.copyOf(live); // one snapshot: the chaos thread changes the list meanwhile
                Hub hub = nodes.get(turn++ % nodes.size());
                String id = "u" + n + "-" + attempt;
                attempted.add(id);
                int status;
                try {
                    HttpResponse<String> response = TestHub.post(hub, "topic", TOPIC, "id", id,
                            "data", Integer.toString(n));
                    status = response.statusCode();
                } catch (IOException e) {
                    status = -1;
                }
                if (status == 200) {
                    acknowledged.add(id);
                    break;
                }
                Thread.sleep(20);
            }
        }
    }

    private static void sleepUntil(long start, long millis) throws InterruptedException {
        long wait = start + TimeUnit.MILLISECONDS.toNanos(millis) - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
