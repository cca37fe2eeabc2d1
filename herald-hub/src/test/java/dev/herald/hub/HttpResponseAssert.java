package dev.herald.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

/** Asserts on a hub's answers, showing the body when the status is not the expected one. */
final class HttpResponseAssert {

    private HttpResponseAssert() {
    }

    static void ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
