package dev.herald.client.internal;

import dev.herald.client.EventSource;
import dev.herald.core.MessageEvent;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * A cold publisher of an event source's events: each subscriber gets its own source, connected on subscription
 * and closed when it cancels. Network reads follow the subscriber's demand.
 */
public final class EventSourcePublisher implements Flow.Publisher<MessageEvent> {

    private final EventSourceConfig config;
    private final Function<ConnectionLoop, EventSource> handles;

    /** A publisher of sources configured by {@code config}; {@code handles} wraps a loop in its public handle. */
    public EventSourcePublisher(EventSourceConfig config, Function<ConnectionLoop, EventSource> handles) {
        this.config = config;
        this.handles = handles;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super MessageEvent> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        ConnectionLoop loop = new ConnectionLoop(config, 0);
        EventSource source = handles.apply(loop);
        SignalSink listeners = new ListenerDispatch(source, config.listener(), config.handlers(),
                loop::isCloseRequested);
        SubscriberSink sink = new SubscriberSink(loop, subscriber, listeners);
        loop.attach(sink);
        subscriber.onSubscribe(sink);
        loop.start();
    }
}
