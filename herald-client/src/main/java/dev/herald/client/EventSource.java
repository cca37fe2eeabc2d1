package dev.herald.client;

import dev.herald.client.internal.Connection;
import dev.herald.client.internal.EventSourceConfig;
import dev.herald.client.internal.EventStreams;
import dev.herald.core.EventStreamParser;
import dev.herald.core.MessageEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A connection to a server's event stream that stays connected, as a browser's {@code EventSource}: it follows the
 * WHATWG HTML "Server-sent events" processing model on {@link HttpClient}.
 *
 * <p>Each request carries {@code Accept: text/event-stream}, {@code Cache-Control: no-cache} and, once an event
 * set one, {@code Last-Event-ID}. Redirects are followed (up to 20). A 200 response with a
 * {@code text/event-stream} content type opens the stream. A 204 closes the source for good without error; any
 * other response fails it for good with an {@link EventSourceException}. When the stream ends or the network fails,
 * the source reconnects after the reconnection time, which the server's {@code retry} field sets and the
 * {@link ReconnectPolicy} may grow; an event cut off by the failure is discarded, the last event ID is kept.
 *
 * <p>Create one with {@link #builder(URI)}, then consume its events with a listener ({@link Builder#connect()}), as
 * a blocking stream ({@link Builder#stream()}), or as a publisher with backpressure ({@link Builder#publisher()}).
 * Whichever way, the network is read only as fast as events are consumed.
 */
public final class EventSource implements AutoCloseable {

    private final Connection connection;

    private EventSource(Connection connection) {
        this.connection = connection;
    }

    /** A builder of sources that connect to {@code uri}, an absolute {@code http} or {@code https} URI. */
    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /**
     * The URI this source connects to; a redirect does not change it, so each reconnection starts here. With a
     * {@linkplain Builder#uri(Supplier) URI supplier}, the URI its latest connection asked for.
     */
    public URI uri() {
        return connection.uri();
    }

    /** The current state. */
    public ReadyState state() {
        return connection.state();
    }

    /** The last event ID: sent as {@code Last-Event-ID} when reconnecting; empty when none was set. */
    public String lastEventId() {
        return connection.lastEventId();
    }

    /** The reconnection time: the server's latest {@code retry}, or the policy's initial delay. */
    public Duration reconnectionTime() {
        return connection.reconnectionTime();
    }

    /**
     * Closes the source for good, from any thread, also from inside a callback: events not yet delivered are
     * dropped, no event is delivered once this returns, and {@link EventSourceListener#onClosed} is the only call
     * that follows. Called from another thread while a callback of this source runs, it waits for that callback to
     * return; so do not call it holding a lock that the callbacks take. Called from inside any source's callback it
     * never waits. Closing again does nothing.
     */
    @Override
    public void close() {
        connection.close();
    }

    @Override
    public String toString() {
        return "EventSource[" + uri() + ", " + state() + "]";
    }

    /**
     * Configures event sources. Each {@link #connect()}, {@link #stream()} or {@link #publisher()} freezes the
     * current settings, so changing the builder afterwards does not affect sources already made. Not thread-safe.
     */
    public static final class Builder {
        private static final EventSourceListener NO_LISTENER = new EventSourceListener() {
        };

        private final URI uri;
        private Supplier<URI> uriSupplier;
        private String method = "GET";
        private byte[] body;
        private final List<Map.Entry<String, Supplier<String>>> headers = new ArrayList<>();
        private HttpClient client;
        private String lastEventId = "";
        private ReconnectPolicy policy = ReconnectPolicy.standard();
        private Duration connectTimeout;
        private Duration idleTimeout;
        private Executor executor;
        private int maxEventBytes = EventStreamParser.DEFAULT_MAX_EVENT_BYTES;
        private EventSourceListener listener = NO_LISTENER;
        private final Map<String, List<BiConsumer<EventSource, MessageEvent>>> handlers = new LinkedHashMap<>();

        private Builder(URI uri) {
            Objects.requireNonNull(uri, "uri");
            String scheme = uri.getScheme();
            if (!uri.isAbsolute() || uri.getHost() == null
                    || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                throw new IllegalArgumentException("not an absolute http or https URI: " + uri);
            }
            this.uri = uri;
        }

        /**
         * Adds a request header. {@code Accept}, {@code Cache-Control} and {@code Last-Event-ID} are set by the
         * source; headers the JDK restricts, such as {@code Host}, are refused.
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            HttpRequest.newBuilder().header(name, value); // fails now, not at the first connection
            headers.add(Map.entry(name, () -> value));
            return this;
        }

        /**
         * Adds a request header whose value {@code value} gives anew at every connection and reconnection, such as
         * {@code header("Authorization", () -> "Bearer " + tokens.current())} for a token renewed before it expires.
         * One supplier per header, rather than one of a whole map, so that each name is checked here, once, and the
         * source's own headers cannot be replaced. A supplier that throws {@link java.io.UncheckedIOException} is
         * taken for a network error, and the source tries again later; any other exception, or null, fails it.
         */
        public Builder header(String name, Supplier<String> value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            HttpRequest.newBuilder().header(name, ""); // checks the name now, not at the first connection
            headers.add(Map.entry(name, value));
            return this;
        }

        /**
         * Asks {@code uri} for the URI of every connection and reconnection instead of using the builder's, such as
         * one carrying a renewed token in its query; its failures count as a {@linkplain #header(String, Supplier)
         * header supplier's} do, and a URI other than an absolute {@code http} or {@code https} one fails the source.
         */
        public Builder uri(Supplier<URI> uri) {
            this.uriSupplier = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /** Sends {@code method}, such as {@code POST} or {@code REPORT}, with {@code body}; GET without body by default. */
        public Builder method(String method, byte[] body) {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(body, "body");
            HttpRequest.newBuilder().method(method, HttpRequest.BodyPublishers.noBody()); // checks the name
            this.method = method;
            this.body = body.clone();
            return this;
        }

        /** Sends {@code method} with {@code body} encoded as UTF-8. */
        public Builder method(String method, String body) {
            return method(method, Objects.requireNonNull(body, "body").getBytes(StandardCharsets.UTF_8));
        }

        /**
         * The client that sends requests; by default a shared one that leaves redirects to the source. A client
         * that follows redirects itself does so with its own limit.
         */
        public Builder httpClient(HttpClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** The last event ID to start from, sent as {@code Last-Event-ID} on the first request. */
        public Builder lastEventId(String lastEventId) {
            Objects.requireNonNull(lastEventId, "lastEventId");
            if (lastEventId.indexOf('\0') >= 0 || lastEventId.indexOf('\r') >= 0 || lastEventId.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a last event ID cannot contain NUL, CR or LF");
            }
            this.lastEventId = lastEventId;
            return this;
        }

        /** How to wait before reconnecting; {@link ReconnectPolicy#standard()} by default. */
        public Builder reconnectPolicy(ReconnectPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The longest wait for a response's headers before the attempt counts as a network error; none by default. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = requirePositive(timeout, "connectTimeout");
            return this;
        }

        /**
         * The longest wait for bytes while the source wants some (for headers, then for the stream) before it drops
         * the connection and reconnects; none by default. Pick it above the server's heartbeat interval. Time spent
         * waiting for a slow consumer does not count.
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = requirePositive(timeout, "idleTimeout");
            return this;
        }

        /**
         * Where callbacks run, one at a time; by default a shared pool of daemon threads. With a direct executor
         * ({@code Runnable::run}) they run on the client's and the shared timer's threads, so must be quick.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** The most bytes one line, and one event, may hold; a larger one fails the source. 16 MiB by default. */
        public Builder maxEventBytes(int maxEventBytes) {
            if (maxEventBytes < 1) {
                throw new IllegalArgumentException("maxEventBytes must be positive: " + maxEventBytes);
            }
            this.maxEventBytes = maxEventBytes;
            return this;
        }

        /** The listener of events and of the connection's life; replaces any earlier one. */
        public Builder listener(EventSourceListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Adds a handler of the events of one type, as {@code addEventListener} does; {@code "message"} is the type
         * of events without an {@code event} field. Handlers run before the listener's {@code onEvent}.
         */
        public Builder handler(String type, BiConsumer<EventSource, MessageEvent> handler) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(handler, "handler");
            handlers.computeIfAbsent(type, key -> new ArrayList<>()).add(handler);
            return this;
        }

        /** Creates a source and starts connecting; events go to the listener and handlers. */
        public EventSource connect() {
            Connection connection = EventStreams.connection(freeze());
            ListenerDispatch dispatch = dispatch().apply(connection);
            connection.start(dispatch);
            return dispatch.source();
        }

        /**
         * A publisher of events: each subscriber gets its own source, which connects on subscription, reads the
         * network only while the subscriber has demand, and closes when it cancels. The subscriber completes when
         * the source closes normally and gets {@code onError} when it fails; network errors only reconnect. The
         * listener and handlers, if any, see everything too.
         */
        public Flow.Publisher<MessageEvent> publisher() {
            return EventStreams.publisher(freeze(), dispatch());
        }

        /**
         * Connects a source and returns its events as a blocking stream, holding up to 256 events ahead of the
         * consumer; see {@link #stream(int)}.
         */
        public Stream<MessageEvent> stream() {
            return stream(256);
        }

        /**
         * Connects a source and returns its events as a blocking stream, for simple loops. At most
         * {@code bufferedEvents} events wait for the consumer; beyond that the network is not read. The stream ends
         * when the source closes; when it fails, the stream throws the {@link EventSourceException} wrapped in an
         * {@link java.io.UncheckedIOException}. Closing the stream closes the source: use try-with-resources.
         */
        public Stream<MessageEvent> stream(int bufferedEvents) {
            return EventStreams.blockingStream(publisher(), bufferedEvents);
        }

        /** The connection settings as they are now. */
        private EventSourceConfig freeze() {
            return new EventSourceConfig(
                    uri,
                    Optional.ofNullable(uriSupplier),
                    method,
                    Optional.ofNullable(body).map(byte[]::clone),
                    List.copyOf(headers),
                    Optional.ofNullable(client),
                    lastEventId,
                    policy,
                    Optional.ofNullable(connectTimeout),
                    Optional.ofNullable(idleTimeout),
                    Optional.ofNullable(executor),
                    maxEventBytes);
        }

        /** For each connection: its source, and a dispatch to the listener and handlers as they are now. */
        private Function<Connection, ListenerDispatch> dispatch() {
            EventSourceListener frozenListener = listener;
            Map<String, List<BiConsumer<EventSource, MessageEvent>>> handlersCopy = new LinkedHashMap<>();
            handlers.forEach((type, list) -> handlersCopy.put(type, List.copyOf(list)));
            Map<String, List<BiConsumer<EventSource, MessageEvent>>> frozenHandlers = Map.copyOf(handlersCopy);
            return connection -> new ListenerDispatch(new EventSource(connection), frozenListener, frozenHandlers,
                    connection::isCloseRequested);
        }

        private static Duration requirePositive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + duration);
            }
            return duration;
        }
    }
}
