package dev.herald.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestSpecTest {

    private static final RequestSpec POST = new RequestSpec(URI.create("http://a.example/x"), "POST",
            Optional.of("{}".getBytes(StandardCharsets.UTF_8)),
            List.of(Map.entry("Content-Type", "application/json"), Map.entry("Authorization", "Bearer t"),
                    Map.entry("Accept", "application/json")));

    @Test
    void theSpecHeadersReplaceTheUsersAndTheTimeoutIsSet() {
        HttpRequest request = POST.toHttpRequest("7", Optional.of(Duration.ofSeconds(2)));
        assertThat(request.headers().allValues("Accept")).containsExactly("text/event-stream");
        assertThat(request.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(request.headers().firstValue("Last-Event-ID")).hasValue("7");
        assertThat(request.headers().firstValue("Authorization")).hasValue("Bearer t");
        assertThat(request.timeout()).hasValue(Duration.ofSeconds(2));
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.bodyPublisher().orElseThrow().contentLength()).isEqualTo(2);
    }

    @Test
    void anEmptyOrUnsendableIdIsNotSent() {
        assertThat(RequestSpec.lastEventIdHeader("")).isEmpty();
        assertThat(RequestSpec.lastEventIdHeader("a\u0001b")).isEmpty();
        assertThat(RequestSpec.lastEventIdHeader("é")).isEmpty();
        assertThat(RequestSpec.lastEventIdHeader("abc-123 x")).hasValue("abc-123 x");
    }

    @Test
    void redirectsFollowFetch() {
        URI sameOrigin = URI.create("http://a.example:80/y");
        RequestSpec temporary = POST.redirectedTo(307, sameOrigin);
        assertThat(temporary.method()).isEqualTo("POST");
        assertThat(temporary.body()).isPresent();
        assertThat(temporary.headers()).isEqualTo(POST.headers());

        RequestSpec found = POST.redirectedTo(302, sameOrigin);
        assertThat(found.method()).isEqualTo("GET");
        assertThat(found.body()).isEmpty();
        assertThat(found.headers()).extracting(Map.Entry::getKey).containsExactly("Authorization", "Accept");

        RequestSpec report = new RequestSpec(POST.uri(), "REPORT", POST.body(), POST.headers());
        assertThat(report.redirectedTo(302, sameOrigin).method()).as("only POST becomes GET on 302").isEqualTo("REPORT");
        assertThat(report.redirectedTo(303, sameOrigin).method()).isEqualTo("GET");
    }

    @Test
    void aRedirectToAnotherOriginDropsCredentials() {
        for (String other : List.of("https://a.example/x", "http://a.example:8080/x", "http://b.example/x")) {
            RequestSpec redirected = POST.redirectedTo(307, URI.create(other));
            assertThat(redirected.headers()).extracting(Map.Entry::getKey)
                    .as(other).containsExactly("Content-Type", "Accept");
        }
    }
}
