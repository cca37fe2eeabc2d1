package dev.herald.client.internal;

import dev.herald.core.MessageEvent;
import java.util.Optional;
import java.util.concurrent.Flow;

/**
 * A subscriber's view of one event source: its {@link Flow.Subscription}, whose demand drives the network reads,
 * and the sink that passes events on to it, after the source's listener has seen them.
 */
final class SubscriberSink implements SignalSink, Flow.Subscription {

    private static final System.Logger LOG = System.getLogger(SubscriberSink.class.getName());

    private final ConnectionLoop loop;
    private final Flow.Subscriber<? super MessageEvent> subscriber;
    private final SignalSink listeners;
    private volatile boolean cancelled;
    /** Whether onComplete or onError was sent; serial-only. */
    private boolean terminated;

    SubscriberSink(ConnectionLoop loop, Flow.Subscriber<? super MessageEvent> subscriber, SignalSink listeners) {
        this.loop = loop;
        this.subscriber = subscriber;
        this.listeners = listeners;
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            // Reactive Streams rule 3.9: a non-positive request is answered with onError.
            loop.fail(new IllegalArgumentException("request must be positive, was " + n));
            return;
        }
        loop.request(n);
    }

    @Override
    public void cancel() {
        cancelled = true;
        loop.close(false);
    }

    @Override
    public void deliver(Signal signal) {
        listeners.deliver(signal);
        if (signal instanceof Signal.Event event && !cancelled && !terminated && !loop.isCloseRequested()) {
            try {
                subscriber.onNext(event.event());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "subscriber threw from onNext; ignoring it", e);
            }
        } else if (signal instanceof Signal.Closed closed) {
            terminate(closed.failure());
        }
    }

    private void terminate(Optional<Throwable> failure) {
        if (cancelled || terminated) {
            return;
        }
        terminated = true;
        try {
            if (failure.isPresent()) {
                subscriber.onError(failure.get());
            } else {
                subscriber.onComplete();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "subscriber threw from onError or onComplete; ignoring it", e);
        }
    }
}
