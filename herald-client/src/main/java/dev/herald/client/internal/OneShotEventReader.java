package dev.herald.client.internal;

import dev.herald.core.EventStreamParser;
import dev.herald.core.MessageEvent;
import dev.herald.core.StreamLimitException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.function.Predicate;

/**
 * Reads the events of one response body, without reconnection, and publishes them to one subscriber with
 * backpressure: a network chunk is requested only when the events of the previous one are delivered and demand
 * remains. It ends at the end of the body, or at the first event {@code stopWhen} accepts, which is not delivered
 * and which cancels the rest of the body; an unfinished event at the end is discarded.
 */
final class OneShotEventReader implements Flow.Subscriber<List<ByteBuffer>>, Flow.Subscription {

    /** Signals come from the client's thread and the consumer's; whichever finds the queue idle runs them. */
    private final SerialExecutor serial = new SerialExecutor(Runnable::run);
    private final Flow.Subscriber<? super MessageEvent> downstream;
    private final Predicate<? super MessageEvent> stopWhen;
    private final ArrayDeque<MessageEvent> pending = new ArrayDeque<>();
    private final EventStreamParser parser;
    private volatile boolean cancelled;

    private Flow.Subscription body;
    private long demand;
    private boolean awaitingBytes;
    private boolean bodyEnded;
    private Throwable bodyError;
    private boolean finished;

    /** A reader publishing to {@code downstream}; call {@link #start()}, then subscribe it to a body. */
    public OneShotEventReader(Flow.Subscriber<? super MessageEvent> downstream, Predicate<? super MessageEvent> stopWhen,
            int maxEventBytes) {
        this.downstream = downstream;
        this.stopWhen = stopWhen;
        this.parser = EventStreamParser.builder(pending::add).maxEventBytes(maxEventBytes).build();
    }

    /** Hands the subscriber its subscription. */
    public void start() {
        downstream.onSubscribe(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        serial.execute(() -> {
            if (finished || body != null) {
                subscription.cancel();
                return;
            }
            body = subscription;
            drain();
        });
    }

    @Override
    public void onNext(List<ByteBuffer> chunk) {
        serial.execute(() -> {
            awaitingBytes = false;
            if (finished) {
                return;
            }
            try {
                for (ByteBuffer buffer : chunk) {
                    parser.feed(buffer);
                }
            } catch (StreamLimitException e) {
                body.cancel();
                finish(e);
                return;
            }
            drain();
        });
    }

    @Override
    public void onError(Throwable error) {
        serial.execute(() -> {
            bodyEnded = true;
            bodyError = error;
            drain();
        });
    }

    @Override
    public void onComplete() {
        serial.execute(() -> {
            bodyEnded = true;
            drain();
        });
    }

    @Override
    public void request(long n) {
        serial.execute(() -> {
            if (n <= 0) {
                stop(new IllegalArgumentException("request must be positive, was " + n));
                return;
            }
            demand = n > Long.MAX_VALUE - demand ? Long.MAX_VALUE : demand + n;
            drain();
        });
    }

    @Override
    public void cancel() {
        cancelled = true;
        serial.execute(() -> {
            finished = true;
            pending.clear();
            if (body != null) {
                body.cancel();
            }
        });
    }

    private void drain() {
        while (!finished && !cancelled && demand > 0 && !pending.isEmpty()) {
            MessageEvent event = pending.poll();
            boolean last;
            try {
                last = stopWhen.test(event);
            } catch (RuntimeException e) {
                stop(e);
                return;
            }
            if (last) {
                stop(null);
                return;
            }
            demand--;
            downstream.onNext(event);
        }
        if (finished || cancelled || !pending.isEmpty()) {
            return;
        }
        if (bodyEnded) {
            finish(bodyError);
        } else if (body != null && demand > 0 && !awaitingBytes) {
            awaitingBytes = true;
            body.request(1);
        }
    }

    /** Ends early: the rest of the body is not wanted. */
    private void stop(Throwable error) {
        pending.clear();
        if (body != null) {
            body.cancel();
        }
        finish(error);
    }

    private void finish(Throwable error) {
        if (finished) {
            return;
        }
        finished = true;
        if (error == null) {
            downstream.onComplete();
        } else {
            downstream.onError(error);
        }
    }
}
