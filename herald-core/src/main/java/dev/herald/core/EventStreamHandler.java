package dev.herald.core;

import java.time.Duration;

/**
 * Receives what an {@link EventStreamParser} finds in a stream. Called on the thread that feeds the parser.
 *
 * <p>An exception thrown here propagates out of {@code feed}; the rest of that chunk is then not parsed.
 */
@FunctionalInterface
public interface EventStreamHandler {

    /** A complete event was dispatched. */
    void onEvent(MessageEvent event);

    /** A valid {@code retry} field set the reconnection time. */
    default void onRetry(Duration reconnectionTime) {
    }

    /** A comment line was read; {@code comment} is everything after the leading colon. */
    default void onComment(String comment) {
    }
}
