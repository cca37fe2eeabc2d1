package dev.herald.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TransportSpecTest {

    @Test
    void readsEachName() {
        assertThat(TransportSpec.parse(" memory ")).isEqualTo(new TransportSpec(TransportSpec.Kind.MEMORY, ""));
        assertThat(TransportSpec.parse("sqlite:/var/lib/herald/history.db"))
                .isEqualTo(new TransportSpec(TransportSpec.Kind.SQLITE, "/var/lib/herald/history.db"));
        assertThat(TransportSpec.parse("redis://127.0.0.1:6379/2"))
                .isEqualTo(new TransportSpec(TransportSpec.Kind.REDIS, "redis://127.0.0.1:6379/2"));
        assertThat(TransportSpec.parse("rediss://cache.example:6380").kind()).isEqualTo(TransportSpec.Kind.REDIS);
    }

    @Test
    void anUnknownNameSaysWhichThereAreAndNeverRepeatsCredentials() {
        assertThatThrownBy(() -> TransportSpec.parse("kafka://broker")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown transport kafka://broker: memory, sqlite:PATH or redis://host:port[/db]"
                        + " (rediss:// for TLS)");
        assertThatThrownBy(() -> TransportSpec.parse("sqlite:")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TransportSpec.parse("amqp://user:secret@broker"))
                .hasMessageNotContaining("secret");
    }
}
