package dev.herald.redis;

import dev.herald.hub.Hub;
import dev.herald.testsupport.PrivateRedis;
import dev.herald.testsupport.TestHub;
import java.util.ArrayList;
import java.util.List;

/**
 * A redis-server of the test's own and the hub nodes and subscribers started on it, all closed together (in reverse
 * order) when the test ends.
 */
final class PrivateCluster {

    final PrivateRedis redis;
    private final List<AutoCloseable> open = new ArrayList<>();

    private PrivateCluster(PrivateRedis redis) {
        this.redis = redis;
    }

    static PrivateCluster start() throws Exception {
        return new PrivateCluster(PrivateRedis.start());
    }

    /** A new hub node on this cluster's Redis. */
    Hub node() {
        return track(TestHub.start(RedisTransport.of(redis.url())));
    }

    /** Closes {@code resource} with the cluster. */
    <T extends AutoCloseable> T track(T resource) {
        open.add(resource);
        return resource;
    }

    /** Closes everything started on the cluster, newest first, then its Redis. */
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        redis.close();
    }
}
