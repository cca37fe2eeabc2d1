package dev.herald.loadgen;

/** How the publisher hands an event to the target hub. */
public enum PublishFormat {

    /** A Mercure form POST with {@code topic} and {@code data} fields and the token as a Bearer credential. */
    MERCURE,
    /** The data as the whole POST body, to a URL naming the topic, as Nchan takes it. */
    RAW,
    /**
     * GRIP, as Pushpin's publish API takes it: a JSON item on the topic's channel whose {@code http-stream} content is
     * the event already framed as Server-Sent Events.
     */
    GRIP
}
