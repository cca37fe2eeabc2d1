package dev.herald.contract;

/**
 * An event as the harness expects it in an {@code event} callback.
 *
 * @param type the event type, {@code message} when the stream set none
 * @param data the data
 * @param id the last event ID when the event was dispatched
 */
public record EventMessage(String type, String data, String id) {
}
