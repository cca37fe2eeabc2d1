package dev.herald.client.internal;

import dev.herald.client.ReconnectPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The connection settings of an event source, frozen: each source started from them sees the same settings however
 * the builder that made them changes afterwards. The collections are immutable copies; the body is a copy too.
 *
 * @param uri the absolute {@code http} or {@code https} URI of the first request
 * @param method the request method, such as {@code GET} or {@code POST}
 * @param body the request body; absent for none
 * @param headers the user's headers, in the order given
 * @param client the client that sends requests; absent for the shared one that follows no redirects itself
 * @param lastEventId the last event ID to start from
 * @param policy how to wait before reconnecting
 * @param connectTimeout the longest wait for response headers
 * @param idleTimeout the longest wait for bytes while more are wanted
 * @param executor where callbacks run; absent for the shared pool of daemon threads
 * @param maxEventBytes the parser's limit on a line and on an event
 */
public record EventSourceConfig(
        URI uri,
        String method,
        Optional<byte[]> body,
        List<Map.Entry<String, String>> headers,
        Optional<HttpClient> client,
        String lastEventId,
        ReconnectPolicy policy,
        Optional<Duration> connectTimeout,
        Optional<Duration> idleTimeout,
        Optional<Executor> executor,
        int maxEventBytes) {

    /** The first request: URI, method, body and the user's headers. */
    RequestSpec request() {
        return new RequestSpec(uri, method, body, headers);
    }
}
