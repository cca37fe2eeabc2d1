package dev.herald.hub.internal.dispatch;

/**
 * Where a stream is in its life. A stream moves forward only, on its loop, through {@link Subscriber#moveTo}: the one
 * place its phase changes; what may follow what is {@link #mayMoveTo}.
 *
 * <pre>
 * OPENING --start--> LIVE --------------------+--cut off--> ENDING --end--> ENDED
 *    \                ^                        |                              ^
 *     +--replay--> REPLAYING --history done--+ +---------------end-----------+
 * </pre>
 */
enum StreamPhase {
    /** Registered and indexed; its response not begun. */
    OPENING,
    /** Resuming: history is read and written as the client reads it, live updates held meanwhile ({@link Backlog}). */
    REPLAYING,
    /** Live updates are written as they come. */
    LIVE,
    /** Cut off as too slow: nothing more is written, and its end follows as a task on the loop. */
    ENDING,
    /** Ended: it left its dispatcher and the registry, and its connection is ending or closed. */
    ENDED;

    /** Whether bytes may still be written to the stream's connection. */
    boolean writes() {
        return this == REPLAYING || this == LIVE;
    }

    /** Whether a stream in this phase may move to {@code next}. */
    boolean mayMoveTo(StreamPhase next) {
        return switch (next) {
            case OPENING -> false;
            case REPLAYING -> this == OPENING;
            case LIVE -> this == OPENING || this == REPLAYING;
            case ENDING -> writes();
            case ENDED -> this != ENDED;
        };
    }
}
