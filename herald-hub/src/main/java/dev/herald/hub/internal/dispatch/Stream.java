package dev.herald.hub.internal.dispatch;

import dev.herald.hub.MemoryTransport;
import dev.herald.hub.Transport;
import dev.herald.hub.internal.topic.Subscription;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber's stream, from open to end: the one owner of its life. {@link #open} registers it (the
 * {@link StreamRegistry}, which announces the subscription, and its loop's {@link LoopDispatcher}) and arms the
 * token-expiry timer; {@link #start} or {@link #replay} begins the response; live updates reach it through its
 * {@link Subscriber}; {@link #end} ends it, for whatever reason, exactly once. Every method but {@link #endLater}
 * runs on the stream's event loop.
 */
public final class Stream {

    private static final Logger LOG = LoggerFactory.getLogger(Stream.class);

    private final Subscription subscription;
    private final StreamSink sink;
    private final LoopDispatcher dispatcher;
    private final StreamRegistry registry;
    private final ByteBufAllocator allocator;
    private final long maxQueuedBytes;
    private final Subscriber subscriber;
    private ScheduledFuture<?> expiry;

    /**
     * A stream, not yet open.
     *
     * @param sink its connection
     * @param dispatcher the dispatcher of the connection's event loop
     * @param maxQueuedBytes bytes the subscriber may leave unread (or, while it replays, let pile up) before it is
     *     cut off
     * @param allocator for replayed history that is not already encoded
     */
    public Stream(Subscription subscription, StreamSink sink, LoopDispatcher dispatcher, StreamRegistry registry,
            long maxQueuedBytes, ByteBufAllocator allocator) {
        this.subscription = subscription;
        this.sink = sink;
        this.dispatcher = dispatcher;
        this.registry = registry;
        this.allocator = allocator;
        this.maxQueuedBytes = maxQueuedBytes;
        this.subscriber = new Subscriber(subscription, sink, dispatcher.loop(), this::cutOff);
    }

    /** What the subscriber asked for and may see. */
    public Subscription subscription() {
        return subscription;
    }

    /** Bytes written to the subscriber and not yet taken by the network. */
    public long pendingBytes() {
        return sink.pendingBytes();
    }

    /**
     * Registers the stream (announcing the subscription) and indexes it for live updates; when the token it was
     * opened with expires, it ends (Mercure 1.0 asks for it: its bearer may no longer receive private updates, and a
     * browser's EventSource reconnects, with a fresh token if its page has one).
     */
    public void open(Optional<Instant> expiresAt) {
        registry.add(this);
        dispatcher.add(subscriber);
        if (expiresAt.isPresent()) {
            long delay = Math.max(0, Duration.between(Instant.now(), expiresAt.get()).toNanos());
            expiry = dispatcher.loop().schedule(() -> end(EndReason.EXPIRED), delay, TimeUnit.NANOSECONDS);
        }
    }

    /** Begins the response of a stream that resumes from nothing: the head, then live updates. */
    public void start() {
        sink.open(null);
        subscriber.start(EncodedUpdate.EMPTY_COMMENT);
    }

    /**
     * Begins the response of a stream that resumes after {@code lastEventId}: live updates are held while the
     * history after it is read (each update through the one rule, {@link Subscription#receives}); then the head
     * (naming {@code lastEventId}, or {@code earliest} when the log no longer has it), the history, and the held
     * updates it did not cover follow. Nothing is lost or sent twice. History comes one page at a time from a
     * transport that reads it from storage, the next read once the last has gone to the connection; history that
     * cannot be read ends the stream with 503, and one trimmed by retention before the subscriber could read it ends
     * the stream as too slow (it resumes from where it got to, as any subscriber cut off does).
     */
    public void replay(Transport transport, String lastEventId) {
        subscriber.beginReplay(maxQueuedBytes);
        ReplayPage first = new ReplayPage(subscription);
        transport.replay(lastEventId, ReplayPage.MAX_BYTES, first).whenComplete((replay, failure) ->
                OnLoop.run(dispatcher.loop(), () -> {
                    if (subscriber.phase() != StreamPhase.REPLAYING || !readable(failure)) {
                        return;
                    }
                    sink.open(replay.found() ? lastEventId : MemoryTransport.EARLIEST);
                    subscriber.replay(EncodedUpdate.EMPTY_COMMENT, first.entries, replay.headPosition(),
                            entry -> dispatcher.recent.encoded(entry, allocator),
                            nextPage(transport, first, replay.headPosition()));
                }));
    }

    /** What reads the page after {@code page}, or null when {@code page} reached {@code headPosition}. */
    private Runnable nextPage(Transport transport, ReplayPage page, long headPosition) {
        if (!page.moreBefore(headPosition)) {
            return null;
        }
        return () -> {
            ReplayPage next = new ReplayPage(subscription);
            transport.replayAfter(page.lastPosition, headPosition, ReplayPage.MAX_BYTES, next).whenComplete(
                    (held, failure) -> OnLoop.run(dispatcher.loop(), () -> {
                        if (subscriber.phase() != StreamPhase.REPLAYING || !readable(failure)) {
                            return;
                        }
                        if (!held) {
                            LOG.info("cutting off slow subscriber {}: history after position {} was trimmed before"
                                    + " it could be replayed", subscription.id(), page.lastPosition);
                            end(EndReason.SLOW);
                            return;
                        }
                        subscriber.continueReplay(next.entries, nextPage(transport, next, headPosition));
                    }));
        };
    }

    /** Whether a replay's read succeeded; if not, the stream ends with 503 (or its connection closes). */
    private boolean readable(Throwable failure) {
        if (failure == null) {
            return true;
        }
        LOG.warn("replay for {} failed: {}", subscription.id(), failure.toString());
        end(EndReason.HISTORY_UNAVAILABLE);
        return false;
    }

    /** Resumes a replay paused because the connection was not writable; called when it is again. */
    public void writable() {
        subscriber.resumeReplay();
    }

    /**
     * Ends the stream, whatever the reason, once (later calls do nothing): it leaves its dispatcher and the registry,
     * its timer is cancelled, the updates it held are released, the reason is counted and the end of the subscription
     * announced; then its connection ends, cleanly (the response's last chunk) or at once, as the reason says.
     */
    public void end(EndReason reason) {
        if (subscriber.phase() == StreamPhase.ENDED) {
            return;
        }
        subscriber.moveTo(StreamPhase.ENDED);
        dispatcher.remove(subscriber);
        if (expiry != null) {
            expiry.cancel(false);
        }
        dispatcher.metrics.ended(reason);
        registry.remove(this);
        if (reason.endsCleanly()) {
            sink.end();
        } else {
            sink.close();
        }
    }

    /**
     * Ends the stream for the hub's drain, after {@code after}, on its loop: a live stream first gets
     * {@code retryHint} as its client's reconnection time, so that the clients of a draining hub do not all come back
     * at once; then it ends cleanly.
     */
    public void drainAfter(Duration after, Duration retryHint) {
        dispatcher.loop().schedule(() -> {
            if (subscriber.phase() == StreamPhase.ENDED) {
                return;
            }
            EncodedUpdate hint = EncodedUpdate.retryHint(retryHint, allocator);
            subscriber.writeComment(hint);
            hint.release();
            end(EndReason.DRAIN);
        }, after.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** {@link #end} from any thread: on the stream's loop, as a task. */
    public void endLater(EndReason reason) {
        dispatcher.loop().execute(() -> end(reason));
    }

    private void cutOff() {
        if (subscriber.phase() != StreamPhase.ENDED) {
            LOG.info("cutting off slow subscriber {} ({} bytes unread, limit {})", subscription.id(),
                    sink.pendingBytes(), maxQueuedBytes);
        }
        end(EndReason.SLOW);
    }
}
