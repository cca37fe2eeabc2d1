package dev.herald.hub.internal.mercure;

/** A request the hub refuses, with the status and the one-line reason it answers. */
public final class BadRequest extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    /** A refusal with {@code status} and a one-line {@code reason}. */
    public BadRequest(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    /** A 400 with a one-line {@code reason}. */
    public BadRequest(String reason) {
        this(400, reason);
    }

    /** The HTTP status to answer. */
    public int status() {
        return status;
    }
}
