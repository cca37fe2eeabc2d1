package dev.herald.client;

import dev.herald.client.internal.EventStreams;
import dev.herald.core.EventStreamParser;
import dev.herald.core.MessageEvent;
import java.net.http.HttpResponse;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A body handler that reads one streamed {@code text/event-stream} response as a {@link Stream} of events, without
 * reconnection: the case of a POST to an API that streams its answer. Immutable; build one with {@link #builder()}.
 *
 * <pre>{@code
 * HttpResponse<Stream<MessageEvent>> response = client.send(request,
 *         EventStreamBodyHandler.builder().stopAtData("[DONE]").build());
 * try (Stream<MessageEvent> events = response.body()) {
 *     events.forEach(event -> System.out.print(event.data()));
 * }
 * }</pre>
 *
 * <p>The response is available as soon as its headers arrive, and the stream reads the body as it is consumed,
 * keeping at most {@link Builder#bufferedEvents(int)} events ahead. It ends at the end of the body, or at the
 * sentinel event, which is not part of it and after which the connection is closed. Close the stream to stop
 * early. A response other than 200 with {@code text/event-stream} makes {@code send} throw an {@link
 * java.io.IOException} caused by an {@link EventSourceException}, except 204, which gives an empty stream.
 */
public final class EventStreamBodyHandler implements HttpResponse.BodyHandler<Stream<MessageEvent>> {

    private final Predicate<? super MessageEvent> stopWhen;
    private final int maxEventBytes;
    private final int bufferedEvents;

    private EventStreamBodyHandler(Builder builder) {
        this.stopWhen = builder.stopWhen;
        this.maxEventBytes = builder.maxEventBytes;
        this.bufferedEvents = builder.bufferedEvents;
    }

    /** A handler that reads events until the end of the body. */
    public static EventStreamBodyHandler create() {
        return builder().build();
    }

    /** A builder of a handler. */
    public static Builder builder() {
        return new Builder();
    }

    /** Chooses how to read the response from its status and content type. */
    @Override
    public HttpResponse.BodySubscriber<Stream<MessageEvent>> apply(HttpResponse.ResponseInfo response) {
        return EventStreams.responseBody(response, stopWhen, maxEventBytes, bufferedEvents);
    }

    /** Builds an {@link EventStreamBodyHandler}. Not thread-safe. */
    public static final class Builder {
        private Predicate<? super MessageEvent> stopWhen = event -> false;
        private int maxEventBytes = EventStreamParser.DEFAULT_MAX_EVENT_BYTES;
        private int bufferedEvents = 256;

        private Builder() {
        }

        /** Ends the stream at the first event that {@code sentinel} accepts; that event is not part of it. */
        public Builder stopWhen(Predicate<? super MessageEvent> sentinel) {
            this.stopWhen = Objects.requireNonNull(sentinel, "sentinel");
            return this;
        }

        /** Ends the stream at the first event whose data is {@code data}, such as {@code [DONE]}. */
        public Builder stopAtData(String data) {
            Objects.requireNonNull(data, "data");
            return stopWhen(event -> event.data().equals(data));
        }

        /** The most bytes one line, and one event, may hold; larger fails the stream. 16 MiB by default. */
        public Builder maxEventBytes(int maxEventBytes) {
            if (maxEventBytes < 1) {
                throw new IllegalArgumentException("maxEventBytes must be positive: " + maxEventBytes);
            }
            this.maxEventBytes = maxEventBytes;
            return this;
        }

        /** How many events may be read ahead of the consumer; 256 by default. */
        public Builder bufferedEvents(int bufferedEvents) {
            if (bufferedEvents < 1) {
                throw new IllegalArgumentException("bufferedEvents must be positive: " + bufferedEvents);
            }
            this.bufferedEvents = bufferedEvents;
            return this;
        }

        /** The handler. */
        public EventStreamBodyHandler build() {
            return new EventStreamBodyHandler(this);
        }
    }
}
