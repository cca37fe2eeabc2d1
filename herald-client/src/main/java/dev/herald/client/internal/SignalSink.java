package dev.herald.client.internal;

/** Where an event source delivers its signals: a listener, a subscriber, or both. Called serially. */
@FunctionalInterface
public interface SignalSink {

    /** Delivers one signal; must not throw. */
    void deliver(Signal signal);
}
