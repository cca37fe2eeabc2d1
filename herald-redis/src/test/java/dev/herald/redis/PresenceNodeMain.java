package dev.herald.redis;

import dev.herald.hub.Hub;
import dev.herald.hub.KeySpec;
import dev.herald.testsupport.HubProcess;
import dev.herald.testsupport.TestHub;
import java.io.IOException;
import java.time.Duration;

/**
 * A hub node with the subscriptions API and events on, on the Redis at {@code args[0]}, its presence kept with a
 * time-to-live of {@code args[1]} milliseconds: what {@link PresenceTest} runs in-process and as a process to kill.
 */
public final class PresenceNodeMain {

    private PresenceNodeMain() {
    }

    /** Starts the node and serves until the test process ends. */
    public static void main(String[] args) throws IOException {
        HubProcess.serve(start(args[0], Duration.ofMillis(Long.parseLong(args[1]))));
    }

    /** A started node: HS256 key, anonymous subscribers, subscriptions on. */
    static Hub start(String redisUrl, Duration presenceTtl) {
        return Hub.builder().address("127.0.0.1", 0).jwtKey(KeySpec.parse("HS256", TestHub.SECRET)).anonymous(true)
                .subscriptions(true).heartbeat(Duration.ZERO).ioThreads(2).page(false)
                .transport(RedisTransport.builder(redisUrl).presenceTtl(presenceTtl).build()).build().start();
    }
}
