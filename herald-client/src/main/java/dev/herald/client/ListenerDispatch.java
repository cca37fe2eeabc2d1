package dev.herald.client;

import dev.herald.client.internal.Signal;
import dev.herald.client.internal.SignalSink;
import dev.herald.core.MessageEvent;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * Delivers a source's signals to its listener and to the handlers registered for each event type. A callback that
 * throws is logged: one faulty handler must not stop the stream for the others. It lives beside the public types
 * because it hands them the {@link EventSource}, which the implementation never sees.
 */
final class ListenerDispatch implements SignalSink {

    private static final System.Logger LOG = System.getLogger(ListenerDispatch.class.getName());

    private final EventSource source;
    private final EventSourceListener listener;
    private final Map<String, List<BiConsumer<EventSource, MessageEvent>>> handlers;
    private final BooleanSupplier closed;

    /**
     * A dispatch for {@code source}; once {@code closed} says so, only {@code onClosed} is still called, so that a
     * callback that closes the source sees nothing after.
     */
    ListenerDispatch(EventSource source, EventSourceListener listener,
            Map<String, List<BiConsumer<EventSource, MessageEvent>>> handlers, BooleanSupplier closed) {
        this.source = source;
        this.listener = listener;
        this.handlers = handlers;
        this.closed = closed;
    }

    /** The source whose signals this delivers. */
    EventSource source() {
        return source;
    }

    @Override
    public void deliver(Signal signal) {
        try {
            if (signal instanceof Signal.Closed) {
                listener.onClosed(source);
            } else if (closed.getAsBoolean()) {
                return;
            } else if (signal instanceof Signal.Event event) {
                deliverEvent(event.event());
            } else if (signal instanceof Signal.Opened opened) {
                listener.onOpen(source, opened.response());
            } else if (signal instanceof Signal.Comment comment) {
                listener.onComment(source, comment.comment());
            } else if (signal instanceof Signal.Failed failed) {
                listener.onError(source, failed.error());
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "event source listener threw; ignoring it", e);
        }
    }

    private void deliverEvent(MessageEvent event) {
        for (BiConsumer<EventSource, MessageEvent> handler : handlers.getOrDefault(event.type(), List.of())) {
            if (closed.getAsBoolean()) {
                return;
            }
            try {
                handler.accept(source, event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "handler of '" + event.type() + "' events threw; ignoring it", e);
            }
        }
        if (!closed.getAsBoolean()) {
            listener.onEvent(source, event);
        }
    }
}
