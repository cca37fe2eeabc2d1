package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.Hub;
import dev.herald.testsupport.PrivateSentinel;
import dev.herald.testsupport.SseSubscriber;
import dev.herald.testsupport.TestHub;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --redis-read-from replica}: the live tail and history are read on the replicas, appends go to the master,
 * which serves no stream read at all.
 */
class ReadFromTest {

    private static final String TOPIC = "https://example.com/read-from";

    @RegisterExtension
    final Opened opened = new Opened();

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void streamReadsGoToReplicasAndAppendsToTheMaster() throws Exception {
        PrivateSentinel redis = opened.track(PrivateSentinel.start());
        int master = redis.masterPort();
        redis.cli(master, "config", "resetstat");
        Hub hub = opened.track(TestHub.start(RedisTransport.builder(redis.url()).readFrom("replica").build()));
        SseSubscriber live = opened.track(SseSubscriber.open(TestHub.subscribeUrl(hub, TOPIC), Map.of()));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            TestHub.publish(hub, TOPIC, "r" + i, Integer.toString(i));
            ids.add("r" + i);
        }
        long deadline = System.currentTimeMillis() + 10_000;
        assertThat(SentinelFailoverTest.receive(live, ids, deadline)).containsExactlyElementsOf(ids);
        SseSubscriber history = opened.track(SseSubscriber.open(TestHub.subscribeUrl(hub, TOPIC),
                Map.of("Last-Event-ID", "r4")));
        assertThat(SentinelFailoverTest.receive(history, ids.subList(5, 20), deadline))
                .containsExactlyElementsOf(ids.subList(5, 20));

        String onMaster = redis.cli(master, "info", "commandstats");
        // The master's one XRANGE per append is the append script's own (where the trimmed stream now begins).
        assertThat(onMaster).contains("cmdstat_xadd:calls=20,").contains("cmdstat_xrange:calls=20,")
                .doesNotContain("cmdstat_xread:").doesNotContain("cmdstat_evalsha_ro:");
        String onReplicas = String.join("\n", redis.serverPorts().stream().filter(port -> port != master)
                .map(port -> redis.cli(port, "info", "commandstats")).toList());
        assertThat(onReplicas).contains("cmdstat_xread:").contains("cmdstat_xrange:")
                .contains("cmdstat_evalsha_ro:");
    }
}
