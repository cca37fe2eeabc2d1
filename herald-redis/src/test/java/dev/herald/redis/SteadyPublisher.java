package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testsupport.ResumingSubscriber;
import dev.herald.testsupport.TestHub;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The chaos tests' publisher, on a thread of its own: numbered updates at a steady rate through whichever hub nodes
 * are live. Update n is due at {@code start + n * interval}; an attempt answered otherwise than 200 (503 while Redis
 * is down, a reset while a node goes) is retried with a new id, as the first may or may not have been stored. At the
 * end it checks that every subscriber holds exactly the stream: every update, in order, once.
 */
final class SteadyPublisher {

    /** The hub URLs to publish through; tests change it while the publisher runs. */
    final List<String> live;
    private final String topic;
    private final int updates;
    private final long intervalMicros;
    private final long start = System.nanoTime();
    private final List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> attempted = Collections.synchronizedSet(new HashSet<>());
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;

    private SteadyPublisher(List<String> live, String topic, int updates, long intervalMicros, long giveUpMillis) {
        this.live = new CopyOnWriteArrayList<>(live);
        this.topic = topic;
        this.updates = updates;
        this.intervalMicros = intervalMicros;
        this.thread = new Thread(() -> {
            try {
                publish(giveUpMillis);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "steady-publisher");
    }

    /** Starts publishing {@code updates} updates to {@code topic}, one every {@code intervalMicros}. */
    static SteadyPublisher start(List<String> live, String topic, int updates, long intervalMicros,
            long giveUpMillis) {
        SteadyPublisher publisher = new SteadyPublisher(live, topic, updates, intervalMicros, giveUpMillis);
        publisher.thread.start();
        return publisher;
    }

    /** Sleeps until {@code millis} after the publisher started. */
    void sleepUntil(long millis) throws InterruptedException {
        long wait = start + TimeUnit.MILLISECONDS.toNanos(millis) - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /**
     * Waits for the publisher to finish; checks that Redis's stream at {@code redisUrl} holds every acknowledged
     * update once and only attempted ones, then that each subscriber received exactly that stream within
     * {@code deliveryMillis} and nothing more afterwards.
     */
    void assertEverySubscriberHoldsTheLog(String redisUrl, List<ResumingSubscriber> subscribers, long joinMillis,
            long deliveryMillis) throws InterruptedException {
        thread.join(joinMillis);
        assertThat(thread.isAlive()).as("publisher finished").isFalse();
        assertThat(failure.get()).isNull();
        assertThat(acknowledged).hasSize(updates);

        List<String> log = TestRedis.with(redisUrl, connection -> connection.sync()
                .xrange(RedisTransport.DEFAULT_STREAM_KEY, io.lettuce.core.Range.unbounded()).stream()
                .map(entry -> entry.getBody().get("id")).toList());
        assertThat(log).containsAll(acknowledged).doesNotHaveDuplicates();
        assertThat(attempted).containsAll(log);

        long deadline = System.currentTimeMillis() + deliveryMillis;
        for (ResumingSubscriber subscriber : subscribers) {
            assertThat(subscriber.awaitEvents(log.size(), deadline)).as(subscriber.toString()).isEqualTo(log);
        }
        Thread.sleep(200);
        for (ResumingSubscriber subscriber : subscribers) {
            assertThat(subscriber.awaitEvents(log.size() + 1, 0)).as(subscriber + " afterwards").hasSize(log.size());
        }
    }

    private void publish(long giveUpMillis) throws Exception {
        long giveUp = System.currentTimeMillis() + giveUpMillis;
        int turn = 0;
        for (int n = 0; n < updates; n++) {
            long wait = start + TimeUnit.MICROSECONDS.toNanos(n * intervalMicros) - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            for (int attempt = 0; ; attempt++) {
                if (System.currentTimeMillis() > giveUp) {
                    throw new AssertionError("publishing took too long; stuck at update " + n);
                }
                List<String> nodes = List.copyOf(live); // one snapshot: the test thread changes the list meanwhile
                String url = nodes.get(turn++ % nodes.size());
                String id = "u" + n + "-" + attempt;
                attempted.add(id);
                int status;
                try {
                    HttpResponse<String> response = TestHub.post(url, "topic", topic, "id", id,
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
}
