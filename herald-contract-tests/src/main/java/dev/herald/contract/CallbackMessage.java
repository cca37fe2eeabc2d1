package dev.herald.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of one callback to the harness. Exactly one of {@code event}, {@code comment} or {@code error} goes with
 * each {@code kind}; the others are left out of the JSON.
 *
 * @param kind {@code event}, {@code comment} or {@code error}
 * @param event the event, for {@code event}
 * @param comment the comment text without its colon, for {@code comment}; for {@code error} also the message,
 *                because the spec's text puts it there
 * @param error the error message, for {@code error}: the harness's Go struct reads this property
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallbackMessage(String kind, EventMessage event, String comment, String error) {

    /** An {@code event} callback. */
    public static CallbackMessage event(EventMessage event) {
        return new CallbackMessage("event", event, null, null);
    }

    /** A {@code comment} callback. */
    public static CallbackMessage comment(String comment) {
        return new CallbackMessage("comment", null, comment, null);
    }

    /** An {@code error} callback. */
    public static CallbackMessage error(String message) {
        return new CallbackMessage("error", null, message, message);
    }
}
