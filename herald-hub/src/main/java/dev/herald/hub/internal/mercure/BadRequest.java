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

    /**
     * Client text as a reason may quote it: in quotes, cut at 64 characters, each control or invisible format character
     * as {@code \\uXXXX}. A reason is answered and logged on one line; the client's bytes must not break it.
     */
    public static String quoted(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < text.length() && i < 64; i++) {
            char c = text.charAt(i);
            if (ForbiddenCharacters.in(String.valueOf(c)) || Character.isSurrogate(c)) {
                quoted.append(String.format("\\u%04X", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append(text.length() > 64 ? "...\"" : "\"").toString();
    }

    /** The HTTP status to answer. */
    public int status() {
        return status;
    }
}
