package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testsupport.TestHub;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The failover tests' publisher, on a thread of its own: numbered updates at a steady rate through the hub nodes,
 * each retried with the same id (and fields) until answered 200, as a careful publisher does. It remembers which
 * updates needed a retry: only those may reach a subscriber twice (a first attempt the old master stored, delivered
 * and lost before its replicas had it), and the publisher knew, as it was not answered 200.
 */
final class RetryingPublisher {

    final List<String> live;
    private final String topic;
    private final int updates;
    private final long intervalMicros;
    private final long start = System.nanoTime();
    final List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
    final Set<String> retried = Collections.synchronizedSet(new LinkedHashSet<>());
    final List<Integer> failures = Collections.synchronizedList(new ArrayList<>());
    final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;

    private RetryingPublisher(List<String> live, String topic, int updates, long intervalMicros, long giveUpMillis) {
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
        }, "retrying-publisher");
    }

    static RetryingPublisher start(List<String> live, String topic, int updates, long intervalMicros,
            long giveUpMillis) {
        RetryingPublisher publisher = new RetryingPublisher(live, topic, updates, intervalMicros, giveUpMillis);
        publisher.thread.start();
        return publisher;
    }

    void sleepUntil(long millis) throws InterruptedException {
        long wait = start + TimeUnit.MILLISECONDS.toNanos(millis) - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** Waits for the last update to be acknowledged. */
    void join(long millis) throws InterruptedException {
        thread.join(millis);
        assertThat(thread.isAlive()).as("publisher finished").isFalse();
        assertThat(failure.get()).isNull();
        assertThat(acknowledged).hasSize(updates);
    }

    /**
     * Checks what one subscriber received: every acknowledged update, in publishing order, once; an id that came
     * twice must be one whose publish was retried, and never out of order.
     */
    void assertReceivedInOrderOnce(String subscriber, List<String> received) {
        List<String> firstSeen = new ArrayList<>(new LinkedHashSet<>(received));
        assertThat(firstSeen).as(subscriber + ": each update once, in order").containsExactlyElementsOf(acknowledged);
        List<String> twice = new ArrayList<>(received);
        firstSeen.forEach(twice::remove);
        assertThat(retried).as(subscriber + ": updates received twice were retried by their publisher")
                .containsAll(twice);
    }

    private void publish(long giveUpMillis) throws Exception {
        long giveUp = System.currentTimeMillis() + giveUpMillis;
        int turn = 0;
        for (int n = 0; n < updates; n++) {
            long wait = start + TimeUnit.MICROSECONDS.toNanos(n * intervalMicros) - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String id = "u" + n;
            for (int attempt = 0; ; attempt++) {
                if (System.currentTimeMillis() > giveUp) {
                    throw new AssertionError("publishing took too long; stuck at update " + n + " after "
                            + failures.size() + " failed attempts; last answer: "
                            + (bodies.isEmpty() ? "none" : bodies.get(bodies.size() - 1)));
                }
                List<String> nodes = List.copyOf(live);
                String url = nodes.get(turn++ % nodes.size());
                int status;
                try {
                    HttpResponse<String> response = TestHub.post(url, "topic", topic, "id", id,
                            "data", Integer.toString(n));
                    status = response.statusCode();
                    if (status != 200) {
                        bodies.add(response.body());
                    }
                } catch (IOException e) {
                    status = -1;
                }
                if (status == 200) {
                    acknowledged.add(id);
                    break;
                }
                failures.add(status);
                retried.add(id);
                Thread.sleep(50);
            }
        }
    }
}
