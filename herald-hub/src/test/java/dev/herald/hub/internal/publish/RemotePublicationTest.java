package dev.herald.hub.internal.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemotePublicationTest {

    @Test
    void retryAfterIsReadInSecondsOnly() {
        assertThat(RemotePublication.retryAfter(headers("7"))).hasValue(Duration.ofSeconds(7));
        assertThat(RemotePublication.retryAfter(headers(" 0 "))).hasValue(Duration.ZERO);
        assertThat(RemotePublication.retryAfter(headers("99999999999999999999"))).hasValueSatisfying(
                wait -> assertThat(wait).isGreaterThan(Backoff.MAX_WAIT));
        assertThat(RemotePublication.retryAfter(headers("Wed, 21 Oct 2015 07:28:00 GMT"))).isEmpty();
        assertThat(RemotePublication.retryAfter(headers("-1"))).isEmpty();
        assertThat(RemotePublication.retryAfter(headers("１"))).isEmpty();
        assertThat(RemotePublication.retryAfter(HttpHeaders.of(Map.of(), (name, value) -> true))).isEmpty();
    }

    private static HttpHeaders headers(String retryAfter) {
        return HttpHeaders.of(Map.of("Retry-After", List.of(retryAfter)), (name, value) -> true);
    }
}
