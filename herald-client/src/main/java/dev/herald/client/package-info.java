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
 * <p>The dependency between the two packages goes one way: these classes reach the implementation only through
 * {@code internal.EventStreams}, handing it values and a sink of its signals and holding the {@code Connection} it
 * returns, while the implementation uses only the value types here (never the classes that call it).
 */
package dev.herald.client;
