package dev.herald.contract;

import java.util.Map;

/**
 * A request the scripted stream server received.
 *
 * @param method the request method
 * @param headers the headers, names in lower case; the last value of a repeated header
 * @param body the body, decoded as UTF-8
 */
record StreamRequest(String method, Map<String, String> headers, String body) {

    /** The header {@code name}, any case, or null. */
    String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
