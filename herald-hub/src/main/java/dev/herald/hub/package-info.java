/**
 * The Herald hub: a Mercure-compatible publish/subscribe server for server-sent events, embeddable through
 * {@link dev.herald.hub.Hub} and run standalone by {@code herald serve}.
 */
package dev.herald.hub;
