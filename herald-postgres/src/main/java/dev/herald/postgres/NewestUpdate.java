package dev.herald.postgres;

import java.util.Optional;

/**
 * The newest update this node knows of, from its own commits and from the tail: the answer to {@code lastEventId()}
 * without a query (the hub asks on its event loops, which must not block).
 */
final class NewestUpdate {

    private long position;
    private String id;

    /** Records that {@code position} holds the update {@code id}, if it is newer than what is known. */
    synchronized void advance(long position, String id) {
        if (position > this.position) {
            this.position = position;
            this.id = id;
        }
    }

    /** The id of the newest update known, if any. */
    synchronized Optional<String> id() {
        return Optional.ofNullable(id);
    }
}
