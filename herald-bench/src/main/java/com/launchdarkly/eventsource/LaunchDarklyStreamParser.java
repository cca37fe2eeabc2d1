package com.launchdarkly.eventsource;

import com.launchdarkly.logging.LDLogger;
import java.io.InputStream;
import java.net.URI;

/**
 * Opens okhttp-eventsource's own stream parser on an {@link InputStream}, with the arguments {@link EventSource}
 * passes it after connecting under its default settings. The parser is package-private, hence this class's
 * package; it lives in herald-bench only, so the peer is measured without a network or a background thread.
 */
public final class LaunchDarklyStreamParser {

    private static final URI ORIGIN = URI.create("http://localhost/events");

    private final EventParser parser;

    /** A parser of {@code stream} with EventSource's defaults: a 1000-byte read buffer, data read eagerly. */
    public LaunchDarklyStreamParser(InputStream stream) {
        this.parser = new EventParser(stream, ORIGIN, EventSource.DEFAULT_READ_BUFFER_SIZE, false, null,
                LDLogger.none(), ResponseHeadersImpl.empty());
    }

    /** The next message event, skipping comments and retry changes; null once the stream has ended. */
    public MessageEvent nextMessage() throws StreamException {
        while (true) {
            StreamEvent event;
            try {
                event = parser.nextEvent();
            } catch (StreamClosedByServerException endOfStream) {
                return null;
            }
            if (event instanceof MessageEvent) {
                return (MessageEvent) event;
            }
        }
    }
}
