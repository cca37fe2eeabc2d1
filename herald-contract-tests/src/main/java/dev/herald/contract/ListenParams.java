package dev.herald.contract;

/**
 * The parameters of the {@code listen} command.
 *
 * @param type the event type the harness is about to send
 */
public record ListenParams(String type) {
}
