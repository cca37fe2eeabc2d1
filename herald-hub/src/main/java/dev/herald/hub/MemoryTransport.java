package dev.herald.hub;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A transport that keeps the newest updates in memory: the log of a single hub node. History holds at most
 * {@code historySize} updates and at most about {@code maxHistoryBytes} of them (so a burst of large updates cannot
 * fill the heap); a Last-Event-ID older than that is not found. An id published more than once resolves, as
 * Mercure says, to its earliest update still in history.
 */
public final class MemoryTransport implements Transport {

    /** The special Last-Event-ID asking for the whole history. */
    public static final String EARLIEST = "earliest";

    private final int historySize;
    private final long maxHistoryBytes;
    private final Update[] ring;
    /**
     * Where each id in history is: a {@link Long} position, or for an id published more than once an
     * {@link ArrayDeque} of its positions, oldest first. Most ids are unique, and a boxed position costs less
     * than a queue for every one of them.
     */
    private final Map<String, Object> positionsById;
    private long nextPosition = 1;
    /** The oldest position still held; history is {@code [oldest, nextPosition)}. */
    private long oldest = 1;
    private long heldBytes;
    private Listener listener;

    /**
     * A transport keeping the newest {@code historySize} updates (zero keeps none), within
     * {@link #defaultMaxHistoryBytes()}.
     */
    public MemoryTransport(int historySize) {
        this(historySize, defaultMaxHistoryBytes());
    }

    /**
     * A transport keeping the newest {@code historySize} updates (zero keeps none) as long as they take at most
     * about {@code maxHistoryBytes} of heap; the newest update is always kept.
     */
    public MemoryTransport(int historySize, long maxHistoryBytes) {
        if (historySize < 0) {
            throw new IllegalArgumentException("historySize must not be negative: " + historySize);
        }
        if (maxHistoryBytes < 1) {
            throw new IllegalArgumentException("maxHistoryBytes must be positive: " + maxHistoryBytes);
        }
        this.historySize = historySize;
        this.maxHistoryBytes = maxHistoryBytes;
        this.ring = new Update[Math.max(1, historySize)];
        this.positionsById = new HashMap<>();
    }

    /** A quarter of the JVM's maximum heap: what history may take unless told otherwise. */
    public static long defaultMaxHistoryBytes() {
        return Math.max(1, Runtime.getRuntime().maxMemory() / 4);
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
                if (position - oldest >= historySize) {
                    evictOldest();
                }
                ring[slot(position)] = update;
                heldBytes += heapBytes(update);
                remember(update.id(), position);
                while (heldBytes > maxHistoryBytes && oldest < position) {
                    evictOldest();
                }
            } else {
                oldest = nextPosition;
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
            if (EARLIEST.equals(lastEventId)) {
                known = true;
                first = oldest;
            } else {
                Object positions = positionsById.get(lastEventId);
                known = positions != null;
                first = known ? earliest(positions) + 1 : head + 1;
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

    private void evictOldest() {
        int slot = slot(oldest);
        Update evicted = ring[slot];
        ring[slot] = null;
        oldest++;
        heldBytes -= heapBytes(evicted);
        forget(evicted.id());
    }

    /** An upper bound of what an update's strings take on the heap: two bytes a char, plus the objects. */
    private static long heapBytes(Update update) {
        long chars = update.id().length() + update.data().length() + update.type().map(String::length).orElse(0);
        for (String topic : update.topics()) {
            chars += topic.length();
        }
        return 2 * chars + 64L * (4 + update.topics().size());
    }

    private void remember(String id, long position) {
        Object known = positionsById.get(id);
        if (known == null) {
            positionsById.put(id, position);
        } else if (known instanceof Long single) {
            ArrayDeque<Long> several = new ArrayDeque<>(2);
            several.add(single);
            several.add(position);
            positionsById.put(id, several);
        } else {
            queue(known).addLast(position);
        }
    }

    /** Forgets the oldest position of {@code id}: the ring evicts in log order. */
    private void forget(String id) {
        Object known = positionsById.get(id);
        if (known instanceof Long) {
            positionsById.remove(id);
        } else if (known != null) {
            ArrayDeque<Long> several = queue(known);
            several.removeFirst();
            if (several.size() == 1) {
                positionsById.put(id, several.getFirst());
            }
        }
    }

    private static long earliest(Object positions) {
        return positions instanceof Long single ? single : queue(positions).getFirst();
    }

    @SuppressWarnings("unchecked")
    private static ArrayDeque<Long> queue(Object positions) {
        return (ArrayDeque<Long>) positions;
    }

    private int slot(long position) {
        return (int) (position % ring.length);
    }
}
