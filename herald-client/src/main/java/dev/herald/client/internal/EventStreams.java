package dev.herald.client.internal;

import dev.herald.client.EventSourceException;
import dev.herald.core.MessageEvent;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The one way from the public API into the implementation: the public builders and body handler call these
 * factories, and the only other types of this package they see are the ones these signatures name. The
 * implementation so never needs the public classes that call it: they hand it values and a {@link SignalSink}.
 */
public final class EventStreams {

    private EventStreams() {
    }

    /** A connection configured by {@code config}, reading as fast as its sink takes events; not started yet. */
    public static Connection connection(EventSourceConfig config) {
        return new ConnectionLoop(config, Long.MAX_VALUE);
    }

    /**
     * A cold publisher: each subscriber gets its own connection, whose signals also go to the sink that
     * {@code listeners} makes for it, and whose reads follow the subscriber's demand.
     */
    public static Flow.Publisher<MessageEvent> publisher(EventSourceConfig config,
            Function<? super Connection, ? extends SignalSink> listeners) {
        return new EventSourcePublisher(config, listeners);
    }

    /** Subscribes to {@code events} and returns them as a blocking stream holding at most {@code bufferedEvents}. */
    public static Stream<MessageEvent> blockingStream(Flow.Publisher<MessageEvent> events, int bufferedEvents) {
        BlockingEventIterator iterator = new BlockingEventIterator(bufferedEvents);
        events.subscribe(iterator);
        return iterator.stream();
    }

    /**
     * Reads one response, without reconnection: its events as a stream ending at the first that {@code stopWhen}
     * accepts, an empty stream for a 204, and an {@link EventSourceException} for anything else.
     */
    public static HttpResponse.BodySubscriber<Stream<MessageEvent>> responseBody(HttpResponse.ResponseInfo response,
            Predicate<? super MessageEvent> stopWhen, int maxEventBytes, int bufferedEvents) {
        ResponseVerdict verdict = ResponseVerdict.of(response, false, false);
        switch (verdict) {
            case STREAM:
                return new EventStreamBodySubscriber(stopWhen, maxEventBytes, bufferedEvents);
            case NO_CONTENT:
                return HttpResponse.BodySubscribers.replacing(Stream.empty());
            default:
                return new BodyStartSubscriber<>(start -> CompletableFuture.failedFuture(
                        new EventSourceException(verdict.reason(response), response, start)));
        }
    }
}
