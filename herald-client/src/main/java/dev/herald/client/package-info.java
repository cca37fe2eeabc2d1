/**
 * A spec-exact {@code EventSource} on {@link java.net.http.HttpClient}, following the WHATWG HTML "Server-sent
 * events" processing model: {@link dev.herald.client.EventSource} keeps a stream connected and reconnects it, and
 * {@link dev.herald.client.EventStreamBodyHandler} reads one streamed response without reconnecting.
 *
 * <p>Events can be consumed by a {@link dev.herald.client.EventSourceListener}, by handlers per event type, as a
 * blocking {@link java.util.stream.Stream}, or as a {@link java.util.concurrent.Flow.Publisher} with backpressure. In
 * every case the network is read only as fast as events are consumed. Types in {@code dev.herald.client.internal}
 * are not part of the API.
 *
 * <p>These classes reach the implementation through one seam, {@code internal.EventStreams}: they hand it settings
 * and a sink for a connection's signals, and hold the {@code Connection} it returns. The implementation uses only
 * the value types here ({@code ReadyState}, {@code ReconnectPolicy}, {@code EventSourceException}), never the
 * classes that call it, so no dependency runs both ways.
 */
package dev.herald.client;
