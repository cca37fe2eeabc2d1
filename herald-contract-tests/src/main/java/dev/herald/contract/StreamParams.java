package dev.herald.contract;

import java.util.Map;

/**
 * The body of {@code POST /}: the harness's request to open a stream. Only {@code streamUrl} and
 * {@code callbackUrl} are required; a missing or {@code null} property means "not set".
 *
 * @param streamUrl the harness's SSE endpoint
 * @param callbackUrl the base URL that callbacks go to, with a counter appended
 * @param tag the name of the current test, for logs
 * @param initialDelayMs the initial reconnection delay in milliseconds
 * @param readTimeoutMs the read timeout in milliseconds
 * @param lastEventId the {@code Last-Event-ID} of the first request
 * @param headers extra request headers
 * @param method the request method instead of {@code GET}
 * @param body the request body
 */
public record StreamParams(
        String streamUrl,
        String callbackUrl,
        String tag,
        Integer initialDelayMs,
        Integer readTimeoutMs,
        String lastEventId,
        Map<String, String> headers,
        String method,
        String body) {
}
