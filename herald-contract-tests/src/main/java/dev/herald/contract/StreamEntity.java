package dev.herald.contract;

import dev.herald.client.EventSource;
import dev.herald.client.EventSourceListener;
import dev.herald.client.ReconnectPolicy;
import dev.herald.core.MessageEvent;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Logger;

/**
 * One stream the harness asked for: an {@link EventSource} configured from {@link StreamParams}, whose events,
 * comments and errors go to a {@link CallbackSender}.
 *
 * <p>Herald's {@code EventSource} has no "drop the connection and reconnect" operation, so {@link #restart()}
 * closes the source and opens a new one that starts from the old one's last event ID, at once. The callback counter
 * belongs to the entity, so it keeps counting across restarts.
 */
final class StreamEntity implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StreamEntity.class.getName());

    private final EventSource.Builder builder;
    private final CallbackSender callbacks;
    private EventSource source;
    private boolean closed;

    /** Checks {@code params} and prepares the source; throws {@link IllegalArgumentException} when they are invalid. */
    StreamEntity(StreamParams params, CallbackSender callbacks) {
        this.callbacks = callbacks;
        this.builder = configure(params);
    }

    private EventSource.Builder configure(StreamParams params) {
        EventSource.Builder b = EventSource.builder(URI.create(params.streamUrl()));
        Map<String, String> headers = params.headers() == null ? Map.of() : params.headers();
        headers.forEach(b::header);
        if (params.method() != null && !params.method().isEmpty()) {
            String body = params.body() == null ? "" : params.body();
            b.method(params.method(), body);
            boolean typed = headers.keySet().stream().anyMatch("content-type"::equalsIgnoreCase);
            if (!typed && !body.isEmpty()) {
                b.header("Content-Type", "text/plain; charset=utf-8"); // the harness's documented default
            }
        }
        if (params.lastEventId() != null && !params.lastEventId().isEmpty()) {
            b.lastEventId(params.lastEventId());
        }
        if (params.initialDelayMs() != null) {
            b.reconnectPolicy(ReconnectPolicy.builder()
                    .initialDelay(Duration.ofMillis(params.initialDelayMs()))
                    .build());
        }
        if (params.readTimeoutMs() != null && params.readTimeoutMs() > 0) {
            b.idleTimeout(Duration.ofMillis(params.readTimeoutMs()));
        }
        return b.listener(new Reporter());
    }

    /** Opens the first connection. */
    synchronized void start() {
        source = builder.connect();
    }

    /** Drops the connection and reconnects at once with the last event ID seen so far. */
    synchronized void restart() {
        if (closed) {
            return;
        }
        String lastEventId = source.lastEventId();
        source.close(); // after this returns no event of the old source is delivered, so the callbacks stay in order
        source = builder.lastEventId(lastEventId).connect();
    }

    /**
     * Notes that the harness will send events of {@code type}. Herald's listener already sees every type, as a
     * browser's {@code onmessage} plus an {@code addEventListener} per type would, so there is nothing to register;
     * see {@link ServiceStatus#herald()}.
     */
    void listen(String type) {
        LOG.fine(() -> "listening for events of type " + type);
    }

    /** Closes the source for good; callbacks already queued are still posted. */
    @Override
    public synchronized void close() {
        closed = true;
        if (source != null) {
            source.close();
        }
        callbacks.close();
    }

    /** Turns what the source reads into callbacks; the source calls it one call at a time. */
    private final class Reporter implements EventSourceListener {

        @Override
        public void onEvent(EventSource eventSource, MessageEvent event) {
            callbacks.send(CallbackMessage.event(new EventMessage(event.type(), event.data(), event.lastEventId())));
        }

        @Override
        public void onComment(EventSource eventSource, String comment) {
            callbacks.send(CallbackMessage.comment(comment));
        }

        @Override
        public void onError(EventSource eventSource, Throwable error) {
            String message = error.getMessage();
            callbacks.send(CallbackMessage.error(
                    error.getClass().getSimpleName() + (message == null ? "" : ": " + message)));
        }
    }
}
