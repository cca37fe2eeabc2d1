package dev.herald.hub.internal.http;

import dev.herald.hub.internal.dispatch.LoopDispatcher;
import dev.herald.hub.internal.dispatch.Stream;
import dev.herald.hub.internal.dispatch.StreamSink;
import dev.herald.hub.internal.mercure.BadRequest;
import dev.herald.hub.internal.mercure.UrlEncodedForm;
import dev.herald.hub.internal.topic.HubUrl;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request being answered, as every front-end (Netty's, a servlet container's) presents it to the endpoints:
 * what an endpoint reads of it (method, path, query, headers, body, the hub's URL as the request reached it) and how
 * it answers (every response goes through {@link #send}, which adds the headers of {@link ResponseHeaders}), or turns
 * into a {@link Stream}. Netty's HTTP message types serve as plain values here, whatever the front-end.
 */
public abstract class Exchange {

    /** Query parameters read from one request; more is refused (a subscription has far fewer). */
    private static final int MAX_QUERY_FIELDS = 1024;

    private final HubContext hub;

    protected Exchange(HubContext hub) {
        this.hub = hub;
    }

    /** The request's method. */
    public abstract HttpMethod method();

    /** The request's path, not decoded. */
    public abstract String path();

    /** The request's query, not decoded; empty when it has none. */
    protected abstract String rawQuery();

    /** The request's headers. */
    public abstract HttpHeaders headers();

    /** The request's body. */
    public abstract ByteBuf content();

    /** The user the front-end authenticated, if any (a servlet container's principal). */
    public abstract Optional<Principal> principal();

    /** The scheme the request came with: {@code http} or {@code https}. */
    protected abstract String scheme();

    /** The hub's own path, where subscribers and publishers reach it (the default, or where an application mounted it). */
    public abstract String hubPath();

    /** The {@code host:port} the request reached, for when it has no usable {@code Host} header. */
    protected abstract String localAuthority();

    /** Writes a complete response (headers already decorated); keeps or closes the connection as the front-end does. */
    protected abstract void write(FullHttpResponse response);

    /** The connection as a stream's sink, whose response head gets {@code decoration} too. */
    protected abstract StreamSink streamSink(HttpHeaders decoration);

    /** The dispatcher the request's stream joins (the one of its connection's event loop, where there is one). */
    protected abstract LoopDispatcher dispatcher();

    /** Where a reply that completes later (a publish's) is written from. */
    protected abstract EventExecutor executor();

    /** The connection now carries {@code stream}: its events go to it, and no other request is served. */
    protected abstract void becomeStream(Stream stream);

    /** The allocator for buffers written to this request's connection. */
    protected ByteBufAllocator alloc() {
        return ByteBufAllocator.DEFAULT;
    }

    HubContext hub() {
        return hub;
    }

    /** A 401 without an error code: RFC 6750's answer to a request that needs a token and carries none. */
    static BadRequest missingToken() {
        return new BadRequest(401, "a token is required");
    }

    /** The query's fields, strictly decoded: invalid UTF-8 or too many fields is a 400. */
    Map<String, List<String>> query() throws BadRequest {
        try {
            return UrlEncodedForm.parse(rawQuery(), MAX_QUERY_FIELDS);
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
        Optional<HubUrl> configured = hub.configuredHubUrl();
        if (configured.isPresent()) {
            return configured.get();
        }
        String host = headers().get(HttpHeaderNames.HOST, localAuthority());
        try {
            return HubUrl.of(scheme(), host, hubPath());
        } catch (IllegalArgumentException e) {
            throw new BadRequest("invalid Host header");
        }
    }

    /** {@link #hubUrl}, or the listening address's when the {@code Host} header is unusable: for headers only. */
    HubUrl hubUrlOrDefault() {
        try {
            return hubUrl();
        } catch (BadRequest e) {
            return HubUrl.of(scheme(), localAuthority(), hubPath());
        }
    }

    /** The hub's resource identifier: the configured one, else the hub's URL for this request. */
    String resourceIdentifier() {
        return hub.settings().auth().resourceIdentifier().orElseGet(() -> hubUrlOrDefault().toString());
    }

    /** The headers every response to this request carries, for a response that does not go through {@link #send}. */
    HttpHeaders decoration() {
        HttpHeaders headers = new DefaultHttpHeaders();
        hub.responseHeaders().decorate(this, headers);
        return headers;
    }

    /** A plain text response: {@code text} and a line feed. */
    public FullHttpResponse textResponse(HttpResponseStatus status, String text) {
        ByteBuf body = Unpooled.wrappedBuffer((text + "\n").getBytes(StandardCharsets.UTF_8));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        return response;
    }

    /** Answers with {@code body} of {@code contentType}. */
    void respond(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        send(response);
    }

    /** Sends {@code response} with its length and the headers every response carries, without a body to HEAD. */
    public void send(FullHttpResponse response) {
        HttpHeaders headers = response.headers();
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        hub.responseHeaders().decorate(this, headers);
        if (method().equals(HttpMethod.HEAD)) {
            response.content().clear();
        }
        write(response);
    }
}
