package dev.herald.hub;

/** The transport cannot store updates right now; a publish answered with this was not accepted. */
public final class TransportUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An exception saying why the transport is unavailable. */
    public TransportUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
