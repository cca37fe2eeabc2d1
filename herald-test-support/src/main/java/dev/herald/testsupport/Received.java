package dev.herald.testsupport;

import dev.herald.hub.Transport;
import dev.herald.hub.Update;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A transport listener for tests: keeps what it is given, with positions, and checks it is called one at a time. */
public final class Received implements Transport.Listener {

    /** One delivered update. */
    public record Delivery(long position, Update update) {
    }

    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private final List<Delivery> all = new ArrayList<>();
    private boolean inCall;
    private volatile boolean overlapped;

    @Override
    public void onUpdate(long position, Update update) {
        synchronized (this) {
            if (inCall) {
                overlapped = true;
            }
            inCall = true;
        }
        try {
            Delivery delivery = new Delivery(position, update);
            synchronized (this) {
                all.add(delivery);
            }
            deliveries.add(delivery);
        } finally {
            synchronized (this) {
                inCall = false;
            }
        }
    }

    /** The next {@code count} deliveries, failing when one takes more than 10 s. */
    public List<Delivery> next(int count) throws InterruptedException {
        List<Delivery> next = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Delivery delivery = deliveries.poll(10, TimeUnit.SECONDS);
            if (delivery == null) {
                throw new AssertionError("delivery " + (i + 1) + " of " + count + " did not come; got " + next);
            }
            next.add(delivery);
        }
        return next;
    }

    /** A delivery arriving within {@code millis}, or null. */
    public Delivery poll(long millis) throws InterruptedException {
        return deliveries.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Everything delivered so far. */
    public synchronized List<Delivery> all() {
        return List.copyOf(all);
    }

    /** The ids of everything delivered so far. */
    public synchronized List<String> ids() {
        return all.stream().map(delivery -> delivery.update().id()).toList();
    }

    public boolean overlapped() {
        return overlapped;
    }
}
