/**
 * A spec-exact {@code EventSource} on {@code java.net.http}. Only {@code dev.herald.client} is exported; the
 * implementation in {@code dev.herald.client.internal} is not part of the API.
 */
module dev.herald.client {
    // Transitive: the API's signatures use MessageEvent, and HttpClient, HttpResponse and their kin.
    requires transitive dev.herald.core;
    requires transitive java.net.http;

    exports dev.herald.client;
}
