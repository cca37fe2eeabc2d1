package dev.herald.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoopbackGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/x", "http://localhost/x", "http://127.9.8.7:1/",
        "http://[::1]:8080/.well-known/mercure?topic=a"})
    void loopbackIsAllowed(String url) {
        assertThat(LoopbackGuard.requireLoopback(URI.create(url)).isLoopbackAddress()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.1/x", "http://192.168.1.1:8080/", "http://8.8.8.8/",
        "http://[2001:db8::1]/", "http://0.0.0.0:8080/", "http://128.0.0.1/"})
    void otherAddressesAreRefused(String url) {
        assertThatThrownBy(() -> LoopbackGuard.requireLoopback(URI.create(url)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refusing");
    }

    @Test
    void unresolvableHostsAndOtherSchemesAreRefused() {
        assertThatThrownBy(() -> LoopbackGuard.requireLoopback(URI.create("http://no-such-host.invalid/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not resolve");
        assertThatThrownBy(() -> LoopbackGuard.requireLoopback(URI.create("https://127.0.0.1/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://");
    }
}
