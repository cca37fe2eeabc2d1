package dev.herald.hub;

/**
 * A hub refused an update with an error status that trying again does not cure, such as 400 for a field the hub
 * does not accept, or 401 and 403 for a token it does not accept; its message carries the hub's explanation.
 */
public final class PublishException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /** The hub answered {@code status} with {@code body}, its explanation. */
    public PublishException(int status, String body) {
        super(message(status, body));
        this.status = status;
    }

    /** The HTTP status the hub answered. */
    public int status() {
        return status;
    }

    private static String message(int status, String body) {
        String reason = switch (status) {
            case 401 -> "401: the hub does not accept the publisher's token (missing, malformed, expired, or signed"
                    + " with a key the hub does not trust)";
            case 403 -> "403: the publisher's token does not allow publishing to the update's topics";
            default -> "the hub answered " + status;
        };
        String explanation = body.strip();
        return explanation.isEmpty() ? reason : reason + ": " + explanation;
    }
}
