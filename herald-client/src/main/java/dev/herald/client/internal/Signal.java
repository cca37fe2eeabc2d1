package dev.herald.client.internal;

import dev.herald.core.MessageEvent;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * One thing an event source reports, queued in the order it happened so that a slow consumer sees the connection's
 * history in order. Only {@link Event}s count against a subscriber's demand.
 */
public sealed interface Signal {

    /** The server answered with an event stream. */
    record Opened(HttpResponse.ResponseInfo response) implements Signal {
    }

    /** An event arrived. */
    record Event(MessageEvent event) implements Signal {
    }

    /** A comment line arrived. */
    record Comment(String comment) implements Signal {
    }

    /** The connection was lost or failed. */
    record Failed(Throwable error) implements Signal {
    }

    /** The source closed for good; {@code failure} is the error that closed it, absent for a normal close. */
    record Closed(Optional<Throwable> failure) implements Signal {
    }
}
