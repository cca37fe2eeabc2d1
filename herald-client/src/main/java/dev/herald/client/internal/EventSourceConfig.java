package dev.herald.client.internal;

import dev.herald.client.EventSource;
import dev.herald.client.EventSourceListener;
import dev.herald.client.ReconnectPolicy;
import dev.herald.core.MessageEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * Everything an {@link EventSource.Builder} was told, frozen: each source started from it sees the same settings
 * however the builder changes afterwards. The collections are immutable copies.
 *
 * @param request the first request: URI, method, body and the user's headers
 * @param client the client that sends requests
 * @param lastEventId the last event ID to start from
 * @param policy how to wait before reconnecting
 * @param connectTimeout the longest wait for response headers
 * @param idleTimeout the longest wait for bytes while more are wanted
 * @param executor where callbacks run
 * @param maxEventBytes the parser's limit on a line and on an event
 * @param listener the listener; a no-op one when none was given
 * @param handlers the handlers of each event type, in the order they were added
 */
public record EventSourceConfig(
        RequestSpec request,
        HttpClient client,
        String lastEventId,
        ReconnectPolicy policy,
        Optional<Duration> connectTimeout,
        Optional<Duration> idleTimeout,
        Executor executor,
        int maxEventBytes,
        EventSourceListener listener,
        Map<String, List<BiConsumer<EventSource, MessageEvent>>> handlers) {

    /** The URI the source connects to. */
    public URI uri() {
        return request.uri();
    }
}
