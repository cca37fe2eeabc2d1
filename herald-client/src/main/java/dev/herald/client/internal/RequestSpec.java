package dev.herald.client.internal;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an event source asks for: URI, method, body and the user's headers. Each attempt to connect turns it into an
 * {@link HttpRequest} with the headers the specification adds; a redirect derives the next one.
 *
 * @param uri the absolute {@code http} or {@code https} URI
 * @param method the request method, such as {@code GET} or {@code POST}
 * @param body the request body; absent for none
 * @param headers the user's headers, in the order given
 */
record RequestSpec(URI uri, String method, Optional<byte[]> body, List<Map.Entry<String, String>> headers) {

    private static final System.Logger LOG = System.getLogger(RequestSpec.class.getName());

    private static final Set<String> BODY_HEADERS =
            Set.of("content-type", "content-encoding", "content-language", "content-location");
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");

    /**
     * The request to send: {@code Accept: text/event-stream} and {@code Cache-Control: no-cache} replace whatever
     * the user set, and {@code Last-Event-ID} is sent when {@code lastEventId} is not empty.
     */
    public HttpRequest toHttpRequest(String lastEventId, Optional<Duration> timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        for (Map.Entry<String, String> header : headers) {
            builder.header(header.getKey(), header.getValue());
        }
        builder.setHeader("Accept", "text/event-stream");
        builder.setHeader("Cache-Control", "no-cache");
        lastEventIdHeader(lastEventId).ifPresent(value -> builder.setHeader("Last-Event-ID", value));
        timeout.ifPresent(builder::timeout);
        builder.method(method, body.map(HttpRequest.BodyPublishers::ofByteArray)
                .orElseGet(HttpRequest.BodyPublishers::noBody));
        return builder.build();
    }

    /**
     * The request that follows a {@code status} redirect to {@code target}, as fetch does it: 303, and 301 or 302
     * after a POST, turn the request into a body-less GET; a redirect to another origin drops credentials.
     */
    public RequestSpec redirectedTo(int status, URI target) {
        String nextMethod = method;
        Optional<byte[]> nextBody = body;
        List<Map.Entry<String, String>> nextHeaders = headers;
        if ((status == 301 || status == 302) && method.equals("POST")
                || status == 303 && !method.equals("GET") && !method.equals("HEAD")) {
            nextMethod = "GET";
            nextBody = Optional.empty();
            nextHeaders = without(nextHeaders, BODY_HEADERS);
        }
        if (!sameOrigin(uri, target)) {
            nextHeaders = without(nextHeaders, CREDENTIAL_HEADERS);
        }
        return new RequestSpec(target, nextMethod, nextBody, nextHeaders);
    }

    /**
     * The header value carrying {@code lastEventId}, absent when it is empty or cannot be sent as it is. Browsers
     * send an ID's UTF-8 bytes, but the JDK writes HTTP/1.1 header values as US-ASCII and turns every other
     * character into {@code ?}; a wrong ID would make the server resume at the wrong place, so such an ID, like one
     * holding a control character, is not sent at all.
     */
    static Optional<String> lastEventIdHeader(String lastEventId) {
        if (lastEventId.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 0; i < lastEventId.length(); i++) {
            char c = lastEventId.charAt(i);
            if ((c < 0x20 || c > 0x7E) && c != '\t') {
                LOG.log(System.Logger.Level.WARNING, "not sending Last-Event-ID {0}: java.net.http can only send "
                        + "printable US-ASCII in a header", lastEventId);
                return Optional.empty();
            }
        }
        return Optional.of(lastEventId);
    }

    /** Whether {@code uri} is an absolute {@code http} or {@code https} URI with a host, one a source can ask. */
    static boolean isHttp(URI uri) {
        String scheme = uri.getScheme();
        return uri.isAbsolute() && uri.getHost() != null
                && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme));
    }

    private static List<Map.Entry<String, String>> without(List<Map.Entry<String, String>> headers,
            Set<String> names) {
        return headers.stream()
                .filter(header -> !names.contains(header.getKey().toLowerCase(Locale.ROOT)))
                .toList();
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()))
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }
}
