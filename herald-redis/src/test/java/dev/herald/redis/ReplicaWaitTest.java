package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.Hub;
import dev.herald.testsupport.PrivateSentinel;
import dev.herald.testsupport.SseSubscriber;
import dev.herald.testsupport.TestHub;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a publisher sees when replicas do not confirm in time, on a master with two replicas, one of them frozen
 * (SIGSTOP): 503 with a body saying so; the same update published again is not stored twice, and is answered 200
 * once the replicas hold it; subscribers receive it once.
 */
class ReplicaWaitTest {

    private static final String TOPIC = "https://example.com/wait";

    private PrivateSentinel redis;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        redis = PrivateSentinel.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        open.add(resource);
        return resource;
    }

    private List<String> storedIds() {
        return TestRedis.with("redis://127.0.0.1:" + redis.masterPort(), connection -> connection.sync()
                .xrange(RedisTransport.DEFAULT_STREAM_KEY, io.lettuce.core.Range.unbounded()).stream()
                .map(entry -> entry.getBody().get("id")).toList());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anUnconfirmedPublishIsAnswered503AndItsRetryIsNotStoredTwice() throws Exception {
        Hub hub = track(TestHub.start(RedisTransport.builder(redis.url()).replicasToWait("2")
                .replicaTimeout(Duration.ofMillis(300)).build()));
        SseSubscriber subscriber = track(SseSubscriber.open(TestHub.subscribeUrl(hub, TOPIC), Map.of()));

        assertThat(TestHub.post(hub, "topic", TOPIC, "id", "before", "data", "0").statusCode()).isEqualTo(200);

        int replica = redis.aReplicaPort().orElseThrow();
        redis.freeze(replica, true);
        HttpResponse<String> unconfirmed = TestHub.post(hub, "topic", TOPIC, "id", "during", "data", "1");
        assertThat(unconfirmed.statusCode()).isEqualTo(503);
        assertThat(unconfirmed.headers().firstValue("Retry-After")).isPresent();
        assertThat(unconfirmed.body()).contains("update during is stored on the Redis master, but 1 of the 2"
                + " replicas required confirmed it within 300 ms").contains("Retry the same update");
        HttpResponse<String> stillUnconfirmed = TestHub.post(hub, "topic", TOPIC, "id", "during", "data", "1");
        assertThat(stillUnconfirmed.statusCode()).isEqualTo(503);

        redis.freeze(replica, false);
        HttpResponse<String> retried = TestHub.post(hub, "topic", TOPIC, "id", "during", "data", "1");
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(retried.body()).isEqualTo("during");
        assertThat(TestHub.post(hub, "topic", TOPIC, "id", "after", "data", "2").statusCode()).isEqualTo(200);

        assertThat(storedIds()).containsExactly("before", "during", "after");
        List<String> received = SentinelFailoverTest.receive(subscriber, List.of("before", "during", "after"),
                System.currentTimeMillis() + 5_000);
        assertThat(received).containsExactly("before", "during", "after");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void autoWaitsForOneReplicaWhenTheMasterHasReplicas() throws Exception {
        Hub hub = track(TestHub.start(RedisTransport.builder(redis.url())
                .replicaTimeout(Duration.ofMillis(300)).build()));
        List<Integer> replicas = redis.serverPorts().stream().filter(port -> port != redis.masterPort()).toList();
        redis.freeze(replicas.get(0), true);
        assertThat(TestHub.post(hub, "topic", TOPIC, "id", "one-of-two", "data", "1").statusCode())
                .as("one replica of two confirms").isEqualTo(200);
        redis.freeze(replicas.get(1), true);
        HttpResponse<String> none = TestHub.post(hub, "topic", TOPIC, "id", "none", "data", "2");
        assertThat(none.statusCode()).isEqualTo(503);
        assertThat(none.body()).contains("0 of the 1 replicas required");
        redis.freeze(replicas.get(0), false);
        redis.freeze(replicas.get(1), false);
        assertThat(TestHub.post(hub, "topic", TOPIC, "id", "none", "data", "2").statusCode()).isEqualTo(200);
        assertThat(storedIds()).containsExactly("one-of-two", "none");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theSameIdWithOtherFieldsIsANewUpdate() throws Exception {
        Hub hub = track(TestHub.start(RedisTransport.of(redis.url())));
        assertThat(TestHub.post(hub, "topic", TOPIC, "id", "x", "data", "1").statusCode()).isEqualTo(200);
        assertThat(TestHub.post(hub, "topic", TOPIC, "id", "x", "data", "1").statusCode()).isEqualTo(200);
        assertThat(TestHub.post(hub, "topic", TOPIC, "id", "x", "data", "2").statusCode()).isEqualTo(200);
        assertThat(storedIds()).containsExactly("x", "x");
    }
}
