package dev.herald.hub.frontend;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A response of the hub: its status, header fields and body. For a stream's head, the body is empty and the
 * front-end adds nothing but its own framing (chunked transfer, say).
 *
 * @param status the status code
 * @param headers the header fields, the body's length not among them (the front-end sets it)
 * @param body the body; empty for none
 */
public record HubResponse(int status, Headers headers, byte[] body) {

    /** Checks the parts. */
    public HubResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    /** A plain-text response: {@code text} and a line feed. */
    public static HubResponse text(int status, String text) {
        return new HubResponse(status, new Headers().set("Content-Type", "text/plain; charset=utf-8"),
                (text + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
