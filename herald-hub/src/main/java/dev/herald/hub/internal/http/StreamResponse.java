package dev.herald.hub.internal.http;

import dev.herald.hub.frontend.Headers;
import dev.herald.hub.frontend.HubResponse;
import java.util.Optional;

/**
 * What a subscriber's stream answers, whatever the front-end: the head of an event stream, or, when the stream never
 * began because its history could not be read, a 503 a client retries. Stated here once.
 */
public final class StreamResponse {


    private StreamResponse() {
    }

    /**
     * A stream's response head, with {@code decoration} (the headers every response to the request carries).
     *
     * @param lastEventId the cursor the stream resumes from, if any
     */
    public static HubResponse head(Optional<String> lastEventId, Headers decoration) {
        Headers headers = new Headers()
                .set("Content-Type", "text/event-stream")
                // No cache or proxy may keep or buffer a live stream.
                .set("Cache-Control", "private, no-cache, no-store, must-revalidate, max-age=0")
                .set("Pragma", "no-cache")
                .set("X-Accel-Buffering", "no");
        lastEventId.ifPresent(id -> headers.set("Last-Event-ID", id).set("Mercure-Last-Event-ID", id));
        return new HubResponse(200, headers.addAll(decoration), new byte[0]);
    }

    /**
     * The 503 of a stream that never began because its history could not be read, with {@code decoration} (CORS
     * too, so that a browser can read it): a client retries after a second.
     */
    public static HubResponse historyUnavailable(Headers decoration) {
        HubResponse response = HubResponse.text(503, "history is unavailable, retry later");
        response.headers().set("Retry-After", "1")
                .set("Content-Length", Integer.toString(response.body().length)).addAll(decoration);
        return response;
    }
}
