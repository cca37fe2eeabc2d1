package dev.herald.client.internal;

import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Optional;

/** What a response's status and content type mean for an event source, as the specification's processing model. */
enum ResponseVerdict {

    /** 200 with {@code text/event-stream}: the stream is open. */
    STREAM,

    /** 204: the server wants the client to stop; close without error. */
    NO_CONTENT,

    /** A redirect with a {@code Location}: follow it. */
    REDIRECT,

    /** 5xx or 429 under a policy that retries them: reconnect later. */
    RETRYABLE,

    /** Anything else: fail the connection for good. */
    FAILURE;

    /** The verdict on {@code response}; redirects count only when {@code followRedirects}. */
    public static ResponseVerdict of(HttpResponse.ResponseInfo response, boolean followRedirects,
            boolean retryServerErrors) {
        int status = response.statusCode();
        if (status == 200) {
            return isEventStream(response.headers().firstValue("Content-Type")) ? STREAM : FAILURE;
        }
        if (status == 204) {
            return NO_CONTENT;
        }
        if (followRedirects && isRedirect(status) && response.headers().firstValue("Location").isPresent()) {
            return REDIRECT;
        }
        if (retryServerErrors && (status >= 500 && status <= 599 || status == 429)) {
            return RETRYABLE;
        }
        return FAILURE;
    }

    /** Why a response that is not a stream is refused, for the error message. */
    public String reason(HttpResponse.ResponseInfo response) {
        return response.statusCode() == 200
                ? "the response is not a text/event-stream"
                : "the server refused the event stream";
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Whether the content type is {@code text/event-stream}; parameters are ignored, case is not significant. */
    static boolean isEventStream(Optional<String> contentType) {
        if (contentType.isEmpty()) {
            return false;
        }
        String value = contentType.get();
        int semicolon = value.indexOf(';');
        String essence = (semicolon < 0 ? value : value.substring(0, semicolon)).strip();
        return essence.toLowerCase(Locale.ROOT).equals("text/event-stream");
    }
}
