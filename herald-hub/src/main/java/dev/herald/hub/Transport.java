package dev.herald.hub;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The hub's event log: where published updates are stored in order, read back for replay, and from which every
 * hub node receives them for dispatch. {@link MemoryTransport} keeps a bounded history in memory; a shared log
 * (such as Redis Streams) lets several nodes act as one hub.
 *
 * <p>Positions are numbers that increase along the log; the hub uses them to join a replay to the live stream
 * without losing or repeating an update.
 */
public interface Transport extends AutoCloseable {

    /** Receives logged updates. */
    @FunctionalInterface
    interface Listener {
        /** {@code update} is at {@code position} in the log. Called in log order, one call at a time. */
        void onUpdate(long position, Update update);
    }

    /** What a replay found. */
    record Replay(boolean found, long headPosition) {
        /** Whether {@code lastEventId} was in the log (always true for {@code earliest}). */
        public boolean found() {
            return found;
        }
    }

    /**
     * Starts delivering every update appended from now on, by this node or any other, to {@code listener} in log
     * order. Called once, before any other method.
     */
    void start(Listener listener);

    /**
     * Appends an update. The future completes once the update is stored, and fails (with
     * {@link TransportUnavailableException}) when it could not be: a publisher is never told an update was accepted
     * that was then lost.
     */
    CompletableFuture<Void> append(Update update);

    /**
     * Sends {@code listener} every stored update after the one whose id is {@code lastEventId} (every stored
     * update when it is {@code "earliest"}), in order, and then completes with the position of the newest update
     * in the log at the time of reading.
     */
    CompletableFuture<Replay> replay(String lastEventId, Listener listener);

    /**
     * The first page of a replay: like {@link #replay(String, Listener)}, but a transport that reads its history
     * from storage may stop once it has sent {@code maxBytes} of update data (counted by {@link #pageBytes}) or just
     * past it (always at least one update), so that a subscriber resuming from far back holds
     * one page at a time, not the history; {@link #replayAfter} reads the next. Unless overridden, everything is sent
     * at once.
     */
    default CompletableFuture<Replay> replay(String lastEventId, long maxBytes, Listener listener) {
        return replay(lastEventId, listener);
    }

    /**
     * The next page of a replay: sends {@code listener} the stored updates after position {@code afterPosition} up
     * to {@code upToPosition}, in order, stopping as {@link #replay(String, long, Listener)} may; completes with
     * whether the history still held every update after {@code afterPosition} (false when retention trimmed some
     * meanwhile: the subscriber could not be given them). Unless overridden, sends nothing: a transport that pages
     * must override both.
     */
    default CompletableFuture<Boolean> replayAfter(long afterPosition, long upToPosition, long maxBytes,
            Listener listener) {
        return CompletableFuture.completedFuture(true);
    }

    /** What {@code update} counts toward a replay page's {@code maxBytes}: its data and id, in characters. */
    static long pageBytes(Update update) {
        return (long) update.data().length() + update.id().length();
    }

    /**
     * Whether the transport can store updates now, as far as it knows without asking its store (a connection that
     * failed and is not back, a file that refused a write): the hub reports not ready meanwhile. True unless
     * overridden.
     */
    default boolean isAvailable() {
        return true;
    }

    /** The id of the newest stored update, if any. */
    Optional<String> lastEventId();

    /** The subscriptions of every node sharing this log, for a transport shared by several nodes; none by default. */
    default Optional<Presence> presence() {
        return Optional.empty();
    }

    /** Stops delivering and releases what the transport holds. */
    @Override
    void close();
}
