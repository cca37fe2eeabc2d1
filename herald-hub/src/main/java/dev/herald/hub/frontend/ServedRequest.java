package dev.herald.hub.frontend;

/** A request the hub is serving, which its front-end tells of its connection. Both may be called from any thread. */
public interface ServedRequest {

    /** The connection can take more after it could not: a stream replaying history goes on. */
    void writable();

    /** The connection ended or failed: the request's stream, if it became one, ends. */
    void clientGone();
}
