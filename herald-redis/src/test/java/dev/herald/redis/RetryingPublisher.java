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

/**
 * The failover tests' publisher, on a thread of its own: numbered updates at a steady rate through the hub nodes,
 * each retried with the same id (and fields) until answered 200, as a careful publisher does. It remembers which
 * updates needed a retry: only those may reach a subscriber twice (a first attempt the old master stored, delivered
 * and lost before its replicas had it), and the publisher knew, as it was not answered 200.
 */
final class RetryingPublisher {

    /** The hub URLs to publish through; tests change it while the publisher runs. */
    final List<String> live;
    final List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
    final Set<String> retried = Collections.synchronizedSet(new LinkedHashSet<>());
    final List<Integer> failures = Collections.synchronizedList(new ArrayList<>());
    final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    private final String topic;
    private final int updates;
    private final PacedPublisher pace;

    private RetryingPublisher(List<String> live, String topic, int updates, long intervalMicros, long giveUpMillis) {
        this.topic = topic;
        this.updates = updates;
        this.pace = PacedPublisher.start("retrying-publisher", live, updates, intervalMicros, giveUpMillis, 50,
                this::attempt, () -> " after " + failures.size() + " failed attempts; last answer: "
                        + (bodies.isEmpty() ? "none" : bodies.get(bodies.size() - 1)));
        this.live = pace.live;
    }

    static RetryingPublisher start(List<String> live, String topic, int updates, long intervalMicros,
            long giveUpMillis) {
        return new RetryingPublisher(live, topic, updates, intervalMicros, giveUpMillis);
    }

    void sleepUntil(long millis) throws InterruptedException {
        pace.sleepUntil(millis);
    }

    /** Waits for the last update to be acknowledged. */
    void join(long millis) throws InterruptedException {
        pace.join(millis);
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

    // Every attempt at update n carries the same id: a hub that stored a failed attempt stores the retry as the same.
    private boolean attempt(int n, int attempt, String url) throws InterruptedException {
        String id = "u" + n;
        int status;
        try {
            HttpResponse<String> response = TestHub.post(url, "topic", topic, "id", id, "data", Integer.toString(n));
            status = response.statusCode();
            if (status != 200) {
                bodies.add(response.body());
            }
        } catch (IOException e) {
            status = -1;
        }
        if (status == 200) {
            acknowledged.add(id);
            return true;
        }
        failures.add(status);
        retried.add(id);
        return false;
    }
}
