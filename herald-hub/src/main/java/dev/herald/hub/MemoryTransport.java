package dev.herald.hub;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A transport that keeps the newest updates in memory: the log of a single hub node. History holds at most
 * {@code historySize} updates; a Last-Event-ID older than that is not found.
 */
public final class MemoryTransport implements Transport {

    /** The special Last-Event-ID asking for the whole history. */
    public static final String EARLIEST = "earliest";

    private final int historySize;
    private final Update[] ring;
    private final Map<String, Long> positionsById;
    private long nextPosition = 1;
    private Listener listener;

    /** A transport keeping the newest {@code historySize} updates (zero keeps none). */
    public MemoryTransport(int historySize) {
        if (historySize < 0) {
            throw new IllegalArgumentException("historySize must not be negative: " + historySize);
        }
        this.historySize = historySize;
        this.ring = new Update[Math.max(1, historySize)];
        this.positionsById = new HashMap<>();
    }

    @Override
    public synchronized void start(Listener listener) {
        this.listener = listener;
    }

    @Override
    public CompletableFuture<Void> append(Update update) {
        synchronized (this) {
            long position = nextPosition++;
            if (historySize > 0) {
                int slot = slot(position);
                Update evicted = ring[slot];
                if (evicted != null) {
                    positionsById.remove(evicted.id(), position - historySize);
                }
                ring[slot] = update;
                positionsById.put(update.id(), position);
            }
            // Delivering under the lock keeps the listener's order the log's order.
            if (listener != null) {
                listener.onUpdate(position, update);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Replay> replay(String lastEventId, Listener replayListener) {
        List<Update> found = new ArrayList<>();
        long first;
        long head;
        boolean known;
        synchronized (this) {
            head = nextPosition - 1;
            long oldest = Math.max(1, nextPosition - historySize);
            if (EARLIEST.equals(lastEventId)) {
                known = true;
                first = oldest;
            } else {
                Long position = positionsById.get(lastEventId);
                known = position != null;
                first = known ? position + 1 : head + 1;
            }
            for (long p = first; p <= head; p++) {
                found.add(ring[slot(p)]);
            }
        }
        for (int i = 0; i < found.size(); i++) {
            replayListener.onUpdate(first + i, found.get(i));
        }
        return CompletableFuture.completedFuture(new Replay(known, head));
    }

    @Override
    public synchronized Optional<String> lastEventId() {
        return nextPosition == 1 || historySize == 0 ? Optional.empty()
                : Optional.of(ring[slot(nextPosition - 1)].id());
    }

    @Override
    public synchronized void close() {
        listener = null;
    }

    private int slot(long position) {
        return (int) (position % ring.length);
    }
}
