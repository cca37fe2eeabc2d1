/**
 * The event-stream codec: {@link dev.herald.core.Event} and {@link dev.herald.core.EventEncoder} for what a
 * server writes, {@link dev.herald.core.EventStreamParser} and {@link dev.herald.core.MessageEvent} for what a
 * receiver dispatches, following the WHATWG HTML "Server-sent events" section.
 */
package dev.herald.core;
