package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.hub.Hub;
import dev.herald.hub.HubOptions;
import dev.herald.hub.OptionValues;
import dev.herald.hub.TransportProviders;
import dev.herald.testsupport.PrivateRedis;
import dev.herald.testsupport.TestHub;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The names of a Redis transport: which endpoint each opens, and that none is repeated with its password. */
class RedisNameTest {

    private static final ClientResources RESOURCES = DefaultClientResources.builder().ioThreadPoolSize(1)
            .computationThreadPoolSize(1).build();

    @AfterAll
    static void shutdown() {
        RESOURCES.shutdown(0, 1, TimeUnit.SECONDS);
    }

    private static RedisEndpoint endpoint(String name) {
        return RedisName.endpoint(name, RESOURCES, Optional.empty());
    }

    @Test
    void everyFormIsAccepted() {
        for (String name : new String[] {"redis://h:6379", "rediss://u:p@h:6380/2", "redis-sentinel://h:26379#m",
            "rediss-sentinel://h1:26379,h2:26380/1#m", "redis-cluster://h1:7000,h2:7001",
            "rediss-cluster://u:p@h:7000", " redis://h "}) {
            assertThat(RedisName.accepts(name)).as(name).isTrue();
        }
        assertThat(RedisName.accepts("sqlite:/tmp/x.db")).isFalse();
        assertThat(RedisName.accepts("memory")).isFalse();
    }

    @Test
    void aClusterNameIsAClusterAndItsKeysShareAHashTag() {
        RedisEndpoint cluster = endpoint("redis-cluster://user:secret@127.0.0.1:7000,127.0.0.1:7001");
        try {
            assertThat(cluster.clustered()).isTrue();
            assertThat(cluster.describe()).contains("127.0.0.1:7000", "127.0.0.1:7001").doesNotContain("secret");
        } finally {
            cluster.shutdown();
        }
        RedisEndpoint sentinel = endpoint("redis-sentinel://:secret@127.0.0.1:26379,127.0.0.1:26380#mymaster");
        try {
            assertThat(sentinel.clustered()).isFalse();
            assertThat(sentinel.describe()).contains("mymaster").doesNotContain("secret");
        } finally {
            sentinel.shutdown();
        }
    }

    @Test
    void badNamesAreRefusedWithoutTheirPassword() {
        assertThatThrownBy(() -> endpoint("redis-cluster://user:secret@/"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("secret");
        assertThatThrownBy(() -> RedisTransport.builder("http://user:secret@h"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("secret");
        assertThatThrownBy(() -> RedisTransport.builder("redis://h").replicasToWait("some"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auto or a number");
        assertThatThrownBy(() -> RedisTransport.builder("redis://h").readFrom("the-moon"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replica");
    }

    @Test
    void theProviderOpensEveryForm() {
        for (String name : new String[] {"redis-sentinel://127.0.0.1:26379#m", "redis-cluster://127.0.0.1:7000"}) {
            try (var transport = TransportProviders.installed().open(OptionValues.builder()
                    .parse(HubOptions.TRANSPORT, name).build())) {
                assertThat(transport).isInstanceOf(RedisTransport.class);
            }
        }
    }

    @Test
    void anAclUserWithItsPasswordIsLetIn() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start()) {
            TestRedis.with(redis.url(), connection -> connection.sync().aclSetuser("herald",
                    io.lettuce.core.AclSetuserArgs.Builder.on().addPassword("s3cret").allKeys().allCommands()));
            String withUser = "redis://herald:s3cret@127.0.0.1:" + redis.port();
            try (Hub hub = TestHub.start(RedisTransport.of(withUser))) {
                assertThat(TestHub.post(hub, "topic", "https://example.com/acl", "id", "a", "data", "1")
                        .statusCode()).isEqualTo(200);
            }
            String wrong = "redis://herald:wrong@127.0.0.1:" + redis.port();
            assertThatThrownBy(() -> TestHub.start(RedisTransport.of(wrong)))
                    .hasMessageNotContaining("wrong@");
        }
    }
}
