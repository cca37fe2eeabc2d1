package dev.herald.redis;

import dev.herald.testsupport.MissingComponent;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.UUID;

/**
 * The Redis the tests share: {@code REDIS_URL} (default {@code redis://127.0.0.1:6379}). Without it the tests
 * are skipped, except under {@code CI=true}, where a missing Redis is a failure.
 */
final class TestRedis {

    static final String URL = System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379");
    private static Boolean answers;

    private TestRedis() {
    }

    /** Skips the calling test (fails it under CI) unless Redis answers PING. */
    static synchronized void assumeAvailable() {
        if (answers == null) {
            answers = ping(URL);
        }
        if (!answers) {
            unavailable("no Redis answers at " + URL + " (set REDIS_URL to point the tests at one)");
        }
    }

    /** Skips the calling test, or fails it under CI where everything the tests need must be there. */
    static void unavailable(String reason) {
        MissingComponent.skipOrFail(reason);
    }

    /** A stream key no other test uses. */
    static String uniqueKey(String test) {
        return "herald-test:" + test + ":" + UUID.randomUUID();
    }

    /** Deletes the stream {@code key} and the transport's index keys beside it. */
    static void delete(String url, String key) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().del(key, key + ":ids", key + ":order", key + ":reused-next", key + ":reused-newest");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    /** Runs {@code action} with a plain connection to Redis at {@code url}. */
    static <T> T with(String url, java.util.function.Function<StatefulRedisConnection<String, String>, T> action) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return action.apply(connection);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    private static boolean ping(String url) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(Duration.ofSeconds(1));
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return "PONG".equals(connection.sync().ping());
        } catch (RuntimeException e) {
            return false;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }
}
