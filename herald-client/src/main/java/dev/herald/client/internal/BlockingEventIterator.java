package dev.herald.client.internal;

import dev.herald.core.MessageEvent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Turns a publisher of events into a blocking iterator and stream for simple loops. It asks for at most
 * {@code capacity} events ahead of the consumer, so the queue is bounded by the demand it signals, and asks again
 * once the consumer has taken half of them: one demand signal per batch, not per event, since each one hops to the
 * connection's executor. The consumer likewise takes waiting events from the queue in batches. Closing the stream
 * cancels the subscription.
 *
 * <p>When the publisher fails, {@code hasNext} throws: an {@link IOException} wrapped in an
 * {@link UncheckedIOException}, a runtime exception as it is.
 */
final class BlockingEventIterator implements Flow.Subscriber<MessageEvent>, Iterator<MessageEvent> {

    /** The end of the events: normal when {@code error} is null. */
    private record End(Throwable error) {
    }

    /** Stands in for the subscription once cancelled, so a late {@code onSubscribe} is cancelled at once. */
    private static final Flow.Subscription CANCELLED = new Flow.Subscription() {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    };

    private final int capacity;
    /** Events taken since demand was last signalled; consumer-side only. */
    private int takenSinceRequest;
    /** Entries moved from the queue in one go, so the queue's lock is taken once per batch; consumer-side only. */
    private final ArrayDeque<Object> batch = new ArrayDeque<>();
    /** Events and the one {@link End}; never more than {@code capacity} + 1 entries, by the demand signalled. */
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    private volatile boolean cancelled;
    /** The head of the queue, taken by {@code hasNext} and not yet returned; consumer-side only. */
    private Object next;

    /** An iterator that lets at most {@code capacity} events wait for the consumer. */
    public BlockingEventIterator(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** A sequential stream of the events; closing it cancels the subscription. */
    public Stream<MessageEvent> stream() {
        Spliterator<MessageEvent> spliterator = Spliterators.spliteratorUnknownSize(this,
                Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(spliterator, false).onClose(this::cancel);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        if (!this.subscription.compareAndSet(null, subscription) || cancelled) {
            subscription.cancel();
            return;
        }
        subscription.request(capacity);
    }

    @Override
    public void onNext(MessageEvent event) {
        queue.add(event);
    }

    @Override
    public void onError(Throwable error) {
        queue.add(new End(error));
    }

    @Override
    public void onComplete() {
        queue.add(new End(null));
    }

    /** Blocks until an event or the end arrives. */
    @Override
    public boolean hasNext() {
        if (next == null) {
            if (cancelled) {
                return false;
            }
            try {
                next = batch.poll();
                if (next == null) {
                    next = queue.take();
                    queue.drainTo(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                throw new UncheckedIOException(new InterruptedIOException("interrupted while waiting for an event"));
            }
        }
        if (next instanceof End end) {
            if (end.error() == null || cancelled) {
                return false;
            }
            throw rethrowable(end.error());
        }
        return true;
    }

    @Override
    public MessageEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        MessageEvent event = (MessageEvent) next;
        next = null;
        if (++takenSinceRequest >= Math.max(1, capacity / 2)) {
            subscription.get().request(takenSinceRequest);
            takenSinceRequest = 0;
        }
        return event;
    }

    /** Stops the events; a consumer blocked in {@code hasNext} returns false. */
    public void cancel() {
        cancelled = true;
        Flow.Subscription current = subscription.getAndSet(CANCELLED);
        if (current != null && current != CANCELLED) {
            current.cancel();
        }
        queue.add(new End(null)); // wakes a consumer blocked in take()
    }

    private static RuntimeException rethrowable(Throwable error) {
        if (error instanceof RuntimeException runtime) {
            return runtime;
        }
        if (error instanceof Error fatal) {
            throw fatal;
        }
        return new UncheckedIOException(error instanceof IOException io ? io : new IOException(error));
    }
}
