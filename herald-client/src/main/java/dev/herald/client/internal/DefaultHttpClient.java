package dev.herald.client.internal;

import java.net.http.HttpClient;

/**
 * The client event sources use when given none, shared because each {@link HttpClient} owns a selector thread and
 * a connection pool. It follows no redirects itself: event sources follow them, with the specification's limit.
 */
final class DefaultHttpClient {

    private DefaultHttpClient() {
    }

    /** The shared client, created on first use. */
    public static HttpClient instance() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final HttpClient INSTANCE = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }
}
