package dev.herald.hub.internal.dispatch;

import dev.herald.hub.Update;

/**
 * An update read from the log for one subscriber's replay, at its log position. It is encoded only when its turn to
 * be written comes, so a replay holds references to updates, not a copy of the history's bytes per subscriber.
 */
record Replayed(long position, Update update) {
}
