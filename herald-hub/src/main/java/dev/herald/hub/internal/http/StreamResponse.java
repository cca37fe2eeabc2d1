package dev.herald.hub.internal.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * What a subscriber's stream answers, on either front-end: the head of an event stream, or, when the stream never
 * began because its history could not be read, a 503 a client retries.
 */
public final class StreamResponse {

    /** The body of the 503 of a stream whose history could not be read. */
    public static final String HISTORY_UNAVAILABLE = "history is unavailable, retry later\n";
    /** Seconds after which a client may retry that 503. */
    public static final String RETRY_AFTER_SECONDS = "1";

    private StreamResponse() {
    }

    /**
     * The headers of a stream's response head (the front-end adds the decoration every response carries).
     *
     * @param lastEventId the cursor the stream resumes from, or null for none
     */
    public static HttpHeaders head(String lastEventId) {
        HttpHeaders headers = new DefaultHttpHeaders()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
                // No cache or proxy may keep or buffer a live stream.
                .set(HttpHeaderNames.CACHE_CONTROL, "private, no-cache, no-store, must-revalidate, max-age=0")
                .set(HttpHeaderNames.PRAGMA, "no-cache")
                .set("X-Accel-Buffering", "no");
        if (lastEventId != null) {
            headers.set("Last-Event-ID", lastEventId).set("Mercure-Last-Event-ID", lastEventId);
        }
        return headers;
    }
}
