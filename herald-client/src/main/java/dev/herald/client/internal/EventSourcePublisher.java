package dev.herald.client.internal;

import dev.herald.core.MessageEvent;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * A cold publisher of an event source's events: each subscriber gets its own source, connected on subscription
 * and closed when it cancels. Network reads follow the subscriber's demand.
 */
final class EventSourcePublisher implements Flow.Publisher<MessageEvent> {

    private final EventSourceConfig config;
    private final Function<? super Connection, ? extends SignalSink> listeners;

    /** A publisher of sources configured by {@code config}; {@code listeners} makes each one's listener sink. */
    EventSourcePublisher(EventSourceConfig config, Function<? super Connection, ? extends SignalSink> listeners) {
        this.config = config;
        this.listeners = listeners;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super MessageEvent> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        ConnectionLoop loop = new ConnectionLoop(config, 0);
        SubscriberSink sink = new SubscriberSink(loop, subscriber, listeners.apply(loop));
        loop.attach(sink); // before the subscriber can request or cancel
        subscriber.onSubscribe(sink);
        loop.start();
    }
}
