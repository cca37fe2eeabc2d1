package dev.herald.bench;

import dev.herald.core.EventStreamHandler;
import dev.herald.core.MessageEvent;
import okhttp3.internal.sse.ServerSentEventReader;

/**
 * The consumer every parser reports to: it counts the dispatched events and sums their data lengths, so each
 * parser must produce every event's data string and the three are consumed identically.
 */
final class EventTally implements EventStreamHandler, ServerSentEventReader.Callback {

    private long events;
    private long dataChars;

    /** Counts one dispatched event with this data. */
    void record(String data) {
        events++;
        dataChars += data.length();
    }

    @Override
    public void onEvent(MessageEvent event) {
        record(event.data());
    }

    @Override
    public void onEvent(String id, String type, String data) {
        record(data);
    }

    @Override
    public void onRetryChange(long timeMs) {
        // No workload sends retry; the callback is part of okhttp-sse's interface.
    }

    /** How many events were dispatched. */
    long events() {
        return events;
    }

    /** The total length, in chars, of the dispatched events' data. */
    long dataChars() {
        return dataChars;
    }
}
