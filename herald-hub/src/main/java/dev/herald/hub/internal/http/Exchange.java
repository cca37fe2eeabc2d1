package dev.herald.hub.internal.http;

import dev.herald.hub.frontend.Headers;
import dev.herald.hub.frontend.HubRequest;
import dev.herald.hub.frontend.HubResponse;
import dev.herald.hub.internal.dispatch.EndReason;
import dev.herald.hub.internal.dispatch.LoopDispatcher;
import dev.herald.hub.internal.dispatch.Stream;
import dev.herald.hub.internal.dispatch.StreamSink;
import dev.herald.hub.internal.mercure.BadRequest;
import dev.herald.hub.internal.mercure.UrlEncodedForm;
import dev.herald.hub.internal.topic.HubUrl;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request being answered, whichever front-end it came through: what an endpoint reads of it (the
 * {@link HubRequest}, the hub's URL as the request reached it) and how it answers (every response goes through
 * {@link #send}, which adds the headers of {@link ResponseHeaders}), or turns into a {@link Stream}. A front-end
 * implements only how an answer travels: {@link #write}, {@link #streamSink}, its loop and its executor.
 */
public abstract class Exchange {

    /** Query parameters read from one request; more is refused (a subscription has far fewer). */
    private static final int MAX_QUERY_FIELDS = 1024;

    private final HubContext hub;
    private final HubRequest request;
    /** The stream the request became, if it did. */
    private Stream stream;
    private boolean answered;

    protected Exchange(HubContext hub, HubRequest request) {
        this.hub = hub;
        this.request = request;
    }

    /** The request. */
    public HubRequest request() {
        return request;
    }

    /** The request's method. */
    public String method() {
        return request.method();
    }

    /** The request's path, not decoded. */
    public String path() {
        return request.path();
    }

    /** The request's header fields. */
    public Headers headers() {
        return request.headers();
    }

    /** The hub's own path, as clients reach it (the default, or where an application mounted it). */
    public String hubPath() {
        return hub.mount().path();
    }

    /** Writes a complete response (headers already decorated); keeps or closes the connection as the front-end does. */
    protected abstract void write(HubResponse response);

    /** The connection as a stream's sink, whose response head gets {@code decoration} too. */
    protected abstract StreamSink streamSink(Headers decoration);

    /** The dispatcher the request's stream joins (the one of its connection's event loop, where there is one). */
    protected abstract LoopDispatcher dispatcher();

    /** Where a reply that completes later (a publish's) is written from. */
    protected abstract EventExecutor executor();

    /** The connection now carries {@code stream}: its events go to it, and no other request is served. */
    protected abstract void carry(Stream stream);

    /** The allocator for buffers written to this request's connection. */
    protected ByteBufAllocator alloc() {
        return ByteBufAllocator.DEFAULT;
    }

    /** The loop this request is served on. */
    public EventExecutor loop() {
        return dispatcher().loop();
    }

    HubContext hub() {
        return hub;
    }

    /** The request is now {@code opened}, which owns its connection from here on. */
    final void becomeStream(Stream opened) {
        this.stream = opened;
        carry(opened);
    }

    /** The stream the request became, if it did. */
    protected final Optional<Stream> stream() {
        return Optional.ofNullable(stream);
    }

    /**
     * A fault of the hub's own while serving the request (on its loop): a 500 unless it was answered, or the end of
     * the stream it became.
     */
    final void fail() {
        if (stream != null) {
            stream.end(EndReason.ERROR);
        } else if (!answered) {
            send(HubResponse.text(500, "internal error"));
        }
    }

    /** A 401 without an error code: RFC 6750's answer to a request that needs a token and carries none. */
    static BadRequest missingToken() {
        return new BadRequest(401, "a token is required");
    }

    /** The query's fields, strictly decoded: invalid UTF-8 or too many fields is a 400. */
    Map<String, List<String>> query() throws BadRequest {
        try {
            return UrlEncodedForm.parse(request.rawQuery(), MAX_QUERY_FIELDS);
        } catch (UrlEncodedForm.Invalid e) {
            throw new BadRequest("invalid query: " + e.getMessage());
        }
    }

    /**
     * The hub's URL for this request: the configured resource identifier when it is an http(s) URL (a stable base
     * for relative topics and patterns), else the request's scheme and {@code Host} with the hub's path.
     *
     * @throws BadRequest when the {@code Host} header cannot be part of a URL
     */
    HubUrl hubUrl() throws BadRequest {
        if (hub.configuredHubUrl().isPresent()) {
            return hub.configuredHubUrl().get();
        }
        String host = headers().first("Host").orElse(request.localAuthority());
        try {
            return HubUrl.of(request.scheme(), host, hubPath());
        } catch (IllegalArgumentException e) {
            throw new BadRequest("invalid Host header");
        }
    }

    /** {@link #hubUrl}, or the listening address's when the {@code Host} header is unusable: for headers only. */
    HubUrl hubUrlOrDefault() {
        try {
            return hubUrl();
        } catch (BadRequest e) {
            return HubUrl.of(request.scheme(), request.localAuthority(), hubPath());
        }
    }

    /** The hub's resource identifier: the configured one, else the hub's URL for this request. */
    String resourceIdentifier() {
        return hub.settings().auth().resourceIdentifier().orElseGet(() -> hubUrlOrDefault().toString());
    }

    /** The headers every response to this request carries, for a response that does not go through {@link #send}. */
    Headers decoration() {
        Headers headers = new Headers();
        hub.responseHeaders().decorate(this, headers);
        return headers;
    }

    /** Answers with {@code body} of {@code contentType}. */
    void respond(int status, String contentType, byte[] body) {
        send(new HubResponse(status, new Headers().set("Content-Type", contentType), body));
    }

    /** Sends {@code response} with the headers every response carries, without a body to HEAD. */
    public void send(HubResponse response) {
        answered = true;
        if (response.status() != 204 && response.status() != 304) {
            response.headers().set("Content-Length", Integer.toString(response.body().length));
        }
        hub.responseHeaders().decorate(this, response.headers());
        write(method().equals("HEAD") ? new HubResponse(response.status(), response.headers(), new byte[0])
                : response);
    }
}
