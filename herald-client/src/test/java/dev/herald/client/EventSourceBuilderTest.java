package dev.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the builders accept and refuse, and that what they build does not change with them afterwards. */
@Timeout(30)
class EventSourceBuilderTest {

    @Test
    void refusesWhatCouldNeverConnect() {
        assertThatThrownBy(() -> EventSource.builder(URI.create("ftp://example.com/")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventSource.builder(URI.create("/relative")))
                .isInstanceOf(IllegalArgumentException.class);
        EventSource.Builder builder = EventSource.builder(URI.create("https://example.com/events"));
        assertThatThrownBy(() -> builder.header("Host", "evil")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.header("Bad Name", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.method("GET POST", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.lastEventId("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.idleTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.connectTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.maxEventBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.stream(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reconnectPolicyIsValidated() {
        assertThatThrownBy(() -> ReconnectPolicy.builder().jitter(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReconnectPolicy.builder().backoff(0.5, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReconnectPolicy.builder().backoff(2, Duration.ofMillis(10)).build())
                .isInstanceOf(IllegalArgumentException.class);
        ReconnectPolicy standard = ReconnectPolicy.standard();
        assertThat(standard.initialDelay()).isEqualTo(Duration.ofSeconds(3));
        assertThat(standard.multiplier()).isEqualTo(1);
        assertThat(standard.retryServerErrors()).isFalse();
    }

    @Test
    void aSourceKeepsTheSettingsItWasBuiltWith() throws Exception {
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
            exchange.openStream();
            exchange.awaitClientClose(Duration.ofSeconds(5));
        })) {
            EventSource.Builder builder = EventSource.builder(server.uri("/")).header("X-Version", "1");
            try (EventSource first = builder.connect()) {
                builder.header("X-Later", "2");
                assertThat(server.takeRequest().header("X-Later")).isEmpty();
                try (EventSource second = builder.connect()) {
                    assertThat(server.takeRequest().header("X-Later")).hasValue("2");
                    assertThat(second.state()).isNotEqualTo(ReadyState.CLOSED);
                }
                assertThat(first.toString()).contains(server.uri("/").toString());
            }
        }
    }
}
