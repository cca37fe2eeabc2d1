package dev.herald.hub.internal.auth;

/**
 * A refused authorization, with the RFC 6750 error the hub answers with: 400 {@code invalid_request} (the request
 * carries a token in a malformed way), 401 {@code invalid_token} (the token fails validation) or 403
 * {@code insufficient_scope} (a valid token that does not allow the operation).
 */
public final class AuthException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The realm named in every challenge. */
    public static final String REALM = "mercure";

    private final int status;
    private final String error;
    private final String description;

    private AuthException(int status, String error, String description) {
        super(error + ": " + description);
        this.status = status;
        this.error = error;
        this.description = description;
    }

    /** 400 {@code invalid_request}: the token is presented in a malformed way. */
    public static AuthException invalidRequest(String description) {
        return new AuthException(400, "invalid_request", description);
    }

    /** 401 {@code invalid_token}: the token is malformed, badly signed, expired or otherwise unacceptable. */
    public static AuthException invalidToken(String description) {
        return new AuthException(401, "invalid_token", description);
    }

    /** 403 {@code insufficient_scope}: the token is valid but does not allow the operation. */
    public static AuthException insufficientScope(String description) {
        return new AuthException(403, "insufficient_scope", description);
    }

    /** The HTTP status to answer with: 400, 401 or 403. */
    public int status() {
        return status;
    }

    /** The RFC 6750 error code. */
    public String error() {
        return error;
    }

    /** A human-readable reason, for the {@code error_description} parameter and for logs. */
    public String description() {
        return description;
    }

    /** The {@code WWW-Authenticate} value: {@code Bearer realm="mercure", error="...", error_description="..."}. */
    public String wwwAuthenticate() {
        return "Bearer realm=\"" + REALM + "\", error=\"" + error + "\", error_description=\""
                + quotable(description) + "\"";
    }

    /** The challenge for a request that needs a token and carries none: RFC 6750 says it has no error code. */
    public static String challenge() {
        return "Bearer realm=\"" + REALM + "\"";
    }

    /** RFC 6750 limits error_description to printable ASCII without '"' and '\'. */
    private static String quotable(String text) {
        StringBuilder result = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                result.append('\'');
            } else if (c < 0x20 || c > 0x7E || c == '\\') {
                result.append('?');
            } else {
                result.append(c);
            }
        }
        return result.toString();
    }
}
