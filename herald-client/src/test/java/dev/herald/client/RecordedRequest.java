package dev.herald.client;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * A request as the scripted server read it.
 *
 * @param index the connection's number, from 0, in the order the server accepted them
 * @param method the request method
 * @param path the request target
 * @param headers the headers, names lower-cased, values as ISO-8859-1 text (one char per byte)
 * @param body the body bytes
 * @param receivedAtNanos {@link System#nanoTime()} when the request was read
 */
record RecordedRequest(int index, String method, String path, Map<String, String> headers, byte[] body,
        long receivedAtNanos) {

    /** The header's value, if sent. */
    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    /** The body as UTF-8 text. */
    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
