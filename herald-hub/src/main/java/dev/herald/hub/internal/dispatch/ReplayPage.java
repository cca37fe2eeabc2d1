package dev.herald.hub.internal.dispatch;

import dev.herald.hub.Transport;
import dev.herald.hub.Update;
import dev.herald.hub.internal.topic.Subscription;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a replay as the transport reads it: the updates the subscription receives (through the one rule,
 * {@link Subscription#receives}) and the position the page reached, from which the next page reads on. Filled on
 * the transport's thread, then handed to the stream's loop.
 */
final class ReplayPage implements Transport.Listener {

    /** Update data a page may hold before the transport stops reading it: what one subscriber's replay holds. */
    static final long MAX_BYTES = 1024 * 1024;

    private final Subscription subscription;
    final List<Replayed> entries = new ArrayList<>();
    /** The position of the last update read, received or not; 0 before any. */
    long lastPosition;
    private int read;

    ReplayPage(Subscription subscription) {
        this.subscription = subscription;
    }

    @Override
    public void onUpdate(long position, Update update) {
        read++;
        lastPosition = position;
        if (subscription.receives(update)) {
            entries.add(new Replayed(position, update));
        }
    }

    /** Whether the log holds more up to {@code headPosition} than this page read (a transport that pages stopped). */
    boolean moreBefore(long headPosition) {
        return read > 0 && lastPosition < headPosition;
    }
}
