package dev.herald.hub.internal;

/** A request the hub refuses, with the status and the one-line reason it answers. */
final class BadRequest extends Exception {

    private static final long serialVersionUID = 1L;

    final int status;

    BadRequest(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    BadRequest(String reason) {
        this(400, reason);
    }
}
