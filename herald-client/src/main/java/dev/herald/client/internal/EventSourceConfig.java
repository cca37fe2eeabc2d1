package dev.herald.client.internal;

import dev.herald.client.ReconnectPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The connection settings of an event source, frozen: each source started from them sees the same settings however
 * the builder that made them changes afterwards. The collections are immutable copies; the body is a copy too.
 * The suppliers are the user's own: they are asked again at each connection, so that a token or a URI can change.
 *
 * @param uri the absolute {@code http} or {@code https} URI given to the builder
 * @param uriSupplier what to ask for the URI of each connection instead of {@code uri}; absent for {@code uri}
 * @param method the request method, such as {@code GET} or {@code POST}
 * @param body the request body; absent for none
 * @param headers the user's headers, in the order given, each with what to ask for its value
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
        Optional<Supplier<URI>> uriSupplier,
        String method,
        Optional<byte[]> body,
        List<Map.Entry<String, Supplier<String>>> headers,
        Optional<HttpClient> client,
        String lastEventId,
        ReconnectPolicy policy,
        Optional<Duration> connectTimeout,
        Optional<Duration> idleTimeout,
        Optional<Executor> executor,
        int maxEventBytes) {

    /**
     * The first request of a connection: URI, method, body and the user's headers, asking the suppliers now.
     *
     * @throws IllegalArgumentException if the supplied URI is not an absolute {@code http} or {@code https} URI
     * @throws NullPointerException if a supplier gives null
     * @throws RuntimeException whatever a supplier throws
     */
    RequestSpec request() {
        URI target = uriSupplier.isPresent() ? supplied(uriSupplier.get(), "URI") : uri;
        if (!RequestSpec.isHttp(target)) {
            throw new IllegalArgumentException("the URI supplier gave no absolute http or https URI: " + target);
        }
        List<Map.Entry<String, String>> values = headers.stream()
                .map(header -> Map.entry(header.getKey(), supplied(header.getValue(), header.getKey() + " header")))
                .toList();
        return new RequestSpec(target, method, body, values);
    }

    private static <T> T supplied(Supplier<T> supplier, String what) {
        return Objects.requireNonNull(supplier.get(), () -> "the " + what + " supplier gave null");
    }
}
