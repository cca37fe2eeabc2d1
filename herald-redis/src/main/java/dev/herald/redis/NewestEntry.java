package dev.herald.redis;

import java.util.Optional;

/**
 * The newest stream entry this node knows of, from its own appends and from tailing: the answer to
 * {@code lastEventId()} without a round trip to Redis (the hub asks on its event loops, which must not block).
 */
final class NewestEntry {

    private EntryId entry = EntryId.ZERO;
    private String updateId;

    /** Records that {@code entry} holds the update {@code updateId}, if it is newer than what is known. */
    synchronized void advance(EntryId entry, String updateId) {
        if (this.entry.isBefore(entry)) {
            this.entry = entry;
            this.updateId = updateId;
        }
    }

    /** The update id of the newest entry known, if any. */
    synchronized Optional<String> updateId() {
        return Optional.ofNullable(updateId);
    }
}
