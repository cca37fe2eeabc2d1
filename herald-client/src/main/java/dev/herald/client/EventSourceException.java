package dev.herald.client;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A response that is not an event stream: a status other than 200, a content type other than
 * {@code text/event-stream}, or too many redirects. It carries the status, the content type and the start of the
 * body, which usually says what went wrong.
 */
public final class EventSourceException extends IOException {

    private static final long serialVersionUID = 1L;

    private static final int STATUS_ABSENT = -1;

    private final int status;
    private final String contentType;
    private final String body;

    /** A failure that has no response to describe. */
    public EventSourceException(String message) {
        super(Objects.requireNonNull(message, "message"));
        this.status = STATUS_ABSENT;
        this.contentType = null;
        this.body = "";
    }

    /** A failure because of {@code response}, whose body began with {@code body}. */
    public EventSourceException(String reason, HttpResponse.ResponseInfo response, String body) {
        super(describe(reason, response, body));
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse(null);
        this.body = Objects.requireNonNull(body, "body");
    }

    /** The status of the response; absent when the failure has no response. */
    public OptionalInt status() {
        return status == STATUS_ABSENT ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** The response's {@code Content-Type} header, when it had one. */
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /** The start of the response body, decoded as UTF-8; empty when there was none. */
    public String body() {
        return body;
    }

    private static String describe(String reason, HttpResponse.ResponseInfo response, String body) {
        StringBuilder message = new StringBuilder(Objects.requireNonNull(reason, "reason"))
                .append(": HTTP ").append(response.statusCode());
        response.headers().firstValue("Content-Type").ifPresent(type -> message.append(", Content-Type ").append(type));
        if (!body.isEmpty()) {
            message.append(", body: ").append(body);
        }
        return message.toString();
    }
}
