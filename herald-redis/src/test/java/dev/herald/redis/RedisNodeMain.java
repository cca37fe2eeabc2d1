package dev.herald.redis;

import dev.herald.testsupport.HubProcess;
import dev.herald.testsupport.TestHub;
import java.io.IOException;

/** What a {@link HubProcess} of these tests runs: a hub node on the Redis at {@code args[0]}. */
public final class RedisNodeMain {

    private RedisNodeMain() {
    }

    /** Starts the node and serves until the test process ends. */
    public static void main(String[] args) throws IOException {
        HubProcess.serve(TestHub.start(RedisTransport.of(args[0])));
    }
}
