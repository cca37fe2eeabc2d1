package dev.herald.hub.frontend;

/**
 * How the hub answers one request through a front-end: a whole response, or a stream. The front-end implements it
 * for each request it hands to {@link HubFrontEnd#serve}; the hub calls exactly one of its methods, once.
 */
public interface ResponseChannel {

    /** Sends a whole response; the request is then over. May be called from any thread. */
    void send(HubResponse response);

    /**
     * Starts a stream: sends {@code head} (200 and its header fields, no body) and returns where the stream's bytes
     * go. Called on the stream's event loop.
     */
    StreamOutput startStream(HubResponse head);

    /** Ends the request without an answer: its client left before there was one. May be called from any thread. */
    void abandon();
}
