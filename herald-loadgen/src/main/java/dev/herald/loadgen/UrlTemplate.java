package dev.herald.loadgen;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A URL with placeholders: {@code {i}} becomes a subscriber's index and {@code {topic}} its topic, URL-encoded.
 *
 * @param template the URL with placeholders
 */
public record UrlTemplate(String template) {

    /** The URL for subscriber {@code index} on {@code topic}. */
    public URI expand(int index, String topic) {
        return URI.create(template.replace("{i}", Integer.toString(index))
                .replace("{topic}", URLEncoder.encode(topic, StandardCharsets.UTF_8)));
    }

    /** The request target to send on the wire: the path and the query. */
    public static String requestTarget(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /** The Host header value for {@code uri}. */
    public static String hostHeader(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    /** The port of {@code uri}, 80 when it names none. */
    public static int port(URI uri) {
        return uri.getPort() < 0 ? 80 : uri.getPort();
    }
}
