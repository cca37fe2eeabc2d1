/**
 * A spec-exact {@code EventSource} on {@link java.net.http.HttpClient}, following the WHATWG HTML "Server-sent
 * events" processing model: {@link dev.herald.client.EventSource} keeps a stream connected and reconnects it, and
 * {@link dev.herald.client.EventStreamBodyHandler} reads one streamed response without reconnecting.
 *
 * <p>Events can be consumed by a {@link dev.herald.client.EventSourceListener}, by handlers per event type, as a
 * blocking {@link java.util.stream.Stream}, or as a {@link java.util.concurrent.Flow.Publisher} with backpressure. In
 * every case the network is read only as fast as events are consumed. Types in {@code dev.herald.client.internal}
 * are not part of the API.
 */
package dev.herald.client;
