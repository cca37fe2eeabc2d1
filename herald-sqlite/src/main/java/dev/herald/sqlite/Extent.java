package dev.herald.sqlite;

import java.util.Optional;

/**
 * What the file holds, as read when it is opened: the positions of its oldest and newest updates (when empty,
 * {@code oldest} is {@code newest + 1}), the newest update's id and when the newest and the oldest were written.
 *
 * @param oldest the oldest position held
 * @param newest the newest position ever given, held or trimmed; positions continue after it
 * @param lastId the newest held update's id
 * @param oldestCreatedMillis when the oldest held update was written; {@link Long#MAX_VALUE} when none is held
 * @param newestCreatedMillis when the newest update was written; 0 when none ever was
 */
record Extent(long oldest, long newest, Optional<String> lastId, long oldestCreatedMillis, long newestCreatedMillis) {

    /** How many updates the file holds. */
    long size() {
        return newest - oldest + 1;
    }
}
