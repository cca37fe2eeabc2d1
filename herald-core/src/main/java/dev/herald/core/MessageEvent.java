package dev.herald.core;

import java.util.Objects;

/**
 * An event as a receiver dispatches it, with the fields of a browser's {@code MessageEvent}.
 *
 * @param type the event type: the stream's {@code event} field, or {@code "message"} when none was given
 * @param data the {@code data} lines joined with LF
 * @param lastEventId the stream's last event ID when the event was dispatched; empty when none was set
 */
public record MessageEvent(String type, String data, String lastEventId) {

    /** The type of an event whose stream gave no {@code event} field. */
    public static final String DEFAULT_TYPE = "message";

    /** Checks that no component is null. */
    public MessageEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(lastEventId, "lastEventId");
    }
}
