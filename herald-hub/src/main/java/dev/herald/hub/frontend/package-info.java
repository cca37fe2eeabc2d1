/**
 * The seam a front-end serves the hub through: a server other than the hub's own (herald-servlet's servlet container,
 * say) hands each request to {@link dev.herald.hub.frontend.HubFrontEnd#serve} as a
 * {@link dev.herald.hub.frontend.HubRequest}, and implements how an answer goes back
 * ({@link dev.herald.hub.frontend.ResponseChannel}, {@link dev.herald.hub.frontend.StreamOutput}). The hub decides
 * every answer: statuses, header fields, bodies, when a stream ends; the front-end only carries them.
 */
package dev.herald.hub.frontend;
