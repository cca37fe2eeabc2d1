package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testsupport.HubProcess;
import dev.herald.testsupport.PrivateSentinel;
import dev.herald.testsupport.ResumingSubscriber;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Sentinel chaos scenario with real processes: two hub nodes in JVMs of their own on {@code redis-sentinel://},
 * subscribers on both that move to the surviving node with their Last-Event-ID, 900 updates retried with the same id
 * until answered 200; the Redis master SIGKILLed a third of the way and node A two thirds of the way. Every
 * subscriber ends with every acknowledged update, in order, once (an update received twice must be one its publisher
 * retried). {@code bench/redis-sentinel-chaos.sh} runs the same behind nginx.
 */
class SentinelChaosTest {

    private static final String TOPIC = "https://example.com/sentinel-chaos";
    private static final int UPDATES = 900;
    private static final long INTERVAL_MICROS = 20_000;

    @RegisterExtension
    final Opened opened = new Opened();

    private static String subscribeUrl(HubProcess node) {
        return node.url() + "?topic=" + URLEncoder.encode(TOPIC, StandardCharsets.UTF_8);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void theMasterAndANodeDieAndEverySubscriberHoldsEveryAcknowledgedUpdateOnce() throws Exception {
        PrivateSentinel redis = opened.track(PrivateSentinel.start());
        HubProcess a = opened.track(HubProcess.start(RedisNodeMain.class, redis.url()));
        HubProcess b = opened.track(HubProcess.start(RedisNodeMain.class, redis.url()));
        ResumingSubscriber onA = opened.track(ResumingSubscriber.open("on A", subscribeUrl(a), Map.of()));
        ResumingSubscriber onB = opened.track(ResumingSubscriber.open("on B", subscribeUrl(b), Map.of()));

        RetryingPublisher publisher = RetryingPublisher.start(List.of(a.url(), b.url()), TOPIC, UPDATES,
                INTERVAL_MICROS, 75_000);
        publisher.sleepUntil(UPDATES * INTERVAL_MICROS / 3_000);
        int oldMaster = redis.killMaster();
        publisher.sleepUntil(2 * UPDATES * INTERVAL_MICROS / 3_000);
        publisher.live.remove(a.url());
        a.kill();
        onA.resumeAt(subscribeUrl(b));
        assertThat(redis.awaitNewMaster(oldMaster, 30)).isNotEqualTo(oldMaster);
        publisher.join(75_000);

        long deadline = System.currentTimeMillis() + 15_000;
        for (ResumingSubscriber subscriber : List.of(onA, onB)) {
            List<String> received = subscriber.awaitEvents(UPDATES, deadline);
            while (new HashSet<>(received).size() < UPDATES && System.currentTimeMillis() < deadline) {
                received = subscriber.awaitEvents(received.size() + 1, deadline); // a retried update came twice
            }
            publisher.assertReceivedInOrderOnce(subscriber.toString(), received);
        }
        System.out.printf("sentinel chaos: %d updates acknowledged, %d attempts failed, %d retried%n",
                publisher.acknowledged.size(), publisher.failures.size(), publisher.retried.size());
    }
}
