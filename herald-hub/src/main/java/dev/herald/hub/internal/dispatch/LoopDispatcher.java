package dev.herald.hub.internal.dispatch;

import dev.herald.hub.internal.topic.TopicSelector;
import io.netty.channel.EventLoop;
import io.netty.util.internal.PlatformDependent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The subscribers of one event loop and their topic index. Every method runs on that loop, so the index needs no
 * locks; updates arrive through a queue drained by one task, which writes each update to every matching
 * subscriber and then flushes each touched connection once, however many updates the batch held. The index is only
 * an acceleration: it finds, for an update's topics, the subscribers whose selectors may select it (exact topics by
 * hash, patterns by their shared cached answer), and each of them applies the one rule,
 * {@link dev.herald.hub.internal.topic.Subscription#receives}. Flushing (the
 * system calls, most of the cost) goes in slices with the loop's I/O in between, so a publish request or a new
 * subscriber on this loop waits for one slice, not for the whole fan-out; an update arriving meanwhile joins the
 * connections still waiting for their flush, which then carries both.
 */
public final class LoopDispatcher {

    /** How many updates one drain handles before flushing and letting the loop do other work. */
    private static final int BATCH = 256;
    /** How many connections one slice flushes before the loop turns to I/O: about a millisecond of sends. */
    private static final int FLUSH_SLICE = 128;

    private final EventLoop loop;
    final DispatchMetrics metrics;
    /** What this loop dispatched last, for replays to encode once for the loop rather than once each. */
    final RecentUpdates recent = new RecentUpdates();
    private final Queue<EncodedUpdate> queue = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;
    private final Runnable flushSlice = this::flushSlice;

    /** The subscribers and their topic index. */
    final SubscriberIndex index = new SubscriberIndex();
    /** Connections written to but not flushed yet, in the order they were first written. */
    private final ArrayDeque<Subscriber> unflushed = new ArrayDeque<>();
    private boolean sliceScheduled;
    /** Removals asked for while the index is being walked wait until the walk ends. */
    private final List<Subscriber> removeAfterWalk = new ArrayList<>();
    private boolean walking;

    /** The dispatcher of {@code loop}'s subscribers, counting into {@code metrics}. */
    public LoopDispatcher(EventLoop loop, DispatchMetrics metrics) {
        this.loop = loop;
        this.metrics = metrics;
    }

    /** The event loop this dispatcher, and every stream it holds, runs on. */
    public EventLoop loop() {
        return loop;
    }

    /** Queues an update for this loop's subscribers; safe from any thread. Takes its own reference. */
    void enqueue(EncodedUpdate update) {
        queue.offer((EncodedUpdate) update.retain());
        if (scheduled.compareAndSet(false, true)) {
            loop.execute(drain);
        }
    }

    /** Releases the encodings kept for replays; call it on the loop, once it serves no stream. */
    public void close() {
        recent.clear();
    }

    void add(Subscriber subscriber) {
        index.add(subscriber);
    }

    /** Removes a subscriber from the index; during a walk (a write ended its stream), once the walk is over. */
    void remove(Subscriber subscriber) {
        if (walking) {
            removeAfterWalk.add(subscriber);
            return;
        }
        index.remove(subscriber);
    }

    /** Writes a comment (the heartbeat) to every subscriber of this loop and flushes. */
    public void broadcastComment(EncodedUpdate comment) {
        walking = true;
        try {
            List<Subscriber> all = index.all;
            for (int i = 0; i < all.size(); i++) {
                Subscriber subscriber = all.get(i);
                subscriber.writeComment(comment);
                subscriber.flushIfDirty();
            }
        } finally {
            endWalk();
        }
    }

    private void endWalk() {
        walking = false;
        for (Subscriber subscriber : removeAfterWalk) {
            remove(subscriber);
        }
        removeAfterWalk.clear();
    }

    private void drain() {
        walking = true;
        try {
            drainBatch();
        } finally {
            endWalk();
        }
        scheduled.set(false);
        // An update queued after the last poll but before the flag was cleared must not wait for the next drain.
        if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
            loop.execute(drain);
        }
    }

    private void drainBatch() {
        long delivered = 0;
        int handled = 0;
        EncodedUpdate update;
        while (handled < BATCH && (update = queue.poll()) != null) {
            try {
                delivered += dispatch(update);
            } finally {
                metrics.dispatched(System.nanoTime() - update.receivedNanos);
                recent.keep(update.position, update.update);
                update.release();
            }
            handled++;
        }
        if (delivered > 0) {
            metrics.delivered(delivered);
        }
        if (!sliceScheduled) {
            flushSlice();
        }
    }

    private void flushSlice() {
        sliceScheduled = false;
        for (int i = 0; i < FLUSH_SLICE; i++) {
            Subscriber subscriber = unflushed.poll();
            if (subscriber == null) {
                return;
            }
            subscriber.flushIfDirty();
        }
        if (!unflushed.isEmpty()) {
            // A scheduled task, unlike an executed one, waits until the loop has handled ready I/O.
            sliceScheduled = true;
            loop.schedule(flushSlice, 0, TimeUnit.NANOSECONDS);
        }
    }

    private int dispatch(EncodedUpdate update) {
        int delivered = 0;
        for (String topic : update.update.topics()) {
            List<Subscriber> exact = index.byTopic.get(topic);
            if (exact != null) {
                delivered += deliver(update, exact);
            }
            if (!index.byPattern.isEmpty()) {
                for (Map.Entry<TopicSelector, List<Subscriber>> entry : index.byPattern.entrySet()) {
                    if (entry.getKey().matches(topic)) {
                        delivered += deliver(update, entry.getValue());
                    }
                }
            }
        }
        return delivered;
    }

    private int deliver(EncodedUpdate update, List<Subscriber> subscribers) {
        int delivered = 0;
        for (int i = 0; i < subscribers.size(); i++) {
            Subscriber subscriber = subscribers.get(i);
            boolean alreadyTouched = subscriber.isDirty();
            if (subscriber.deliver(update)) {
                delivered++;
                if (!alreadyTouched) {
                    unflushed.add(subscriber);
                }
            }
        }
        return delivered;
    }
}
