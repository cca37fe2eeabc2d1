package dev.herald.hub.internal.http;

import dev.herald.hub.internal.dispatch.Stream;
import dev.herald.hub.internal.mercure.BadRequest;
import dev.herald.hub.internal.mercure.UrlEncodedForm;
import dev.herald.hub.internal.topic.HubUrl;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One request being answered: what an endpoint reads of it (path, query, the hub's URL as the request reached it)
 * and how it answers (every response goes through {@link #send}, which adds the headers of
 * {@link ResponseHeaders}).
 */
final class Exchange {

    /** Query parameters read from one request; more is refused (a subscription has far fewer). */
    private static final int MAX_QUERY_FIELDS = 1024;

    private final HubContext hub;
    private final ChannelHandlerContext ctx;
    private final FullHttpRequest request;
    private final boolean http2;
    private final Router router;
    private final QueryStringDecoder uri;

    Exchange(HubContext hub, ChannelHandlerContext ctx, FullHttpRequest request, boolean http2, Router router) {
        this.hub = hub;
        this.ctx = ctx;
        this.request = request;
        this.http2 = http2;
        this.router = router;
        this.uri = new QueryStringDecoder(request.uri());
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    FullHttpRequest request() {
        return request;
    }

    boolean http2() {
        return http2;
    }

    /** The request's path, not decoded. */
    String path() {
        return uri.rawPath();
    }

    /** A 401 without an error code: RFC 6750's answer to a request that needs a token and carries none. */
    static BadRequest missingToken() {
        return new BadRequest(401, "a token is required");
    }

    /** The query's fields, strictly decoded: invalid UTF-8 or too many fields is a 400. */
    Map<String, List<String>> query() throws BadRequest {
        try {
            return UrlEncodedForm.parse(uri.rawQuery(), MAX_QUERY_FIELDS);
        } catch (UrlEncodedForm.Invalid e) {
            throw new BadRequest("invalid query: " + e.getMessage());
        }
    }

    /**
     * The hub's URL for this request (see {@link HubContext#hubUrl}).
     *
     * @throws BadRequest when the {@code Host} header cannot be part of a URL
     */
    HubUrl hubUrl() throws BadRequest {
        return hub.hubUrl(request);
    }

    /** {@link #hubUrl}, or the listening address's when the {@code Host} header is unusable: for headers only. */
    HubUrl hubUrlOrDefault() {
        return hub.hubUrlOrDefault(request);
    }

    /** The hub's resource identifier: the configured one, else the hub's URL for this request. */
    String resourceIdentifier() {
        return hub.settings().auth().resourceIdentifier().orElseGet(() -> hubUrlOrDefault().toString());
    }

    /** The connection now carries {@code stream} (see {@link Router#becomeStream}). */
    void becomeStream(Stream stream) {
        router.becomeStream(stream);
    }

    /** The headers every response to this request carries, for a response that does not go through {@link #send}. */
    HttpHeaders decoration() {
        HttpHeaders headers = new DefaultHttpHeaders();
        hub.responseHeaders().decorate(this, headers);
        return headers;
    }

    /** A plain text response: {@code text} and a line feed. */
    FullHttpResponse textResponse(HttpResponseStatus status, String text) {
        ByteBuf body = ctx.alloc().buffer().writeBytes((text + "\n").getBytes(StandardCharsets.UTF_8));
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

    /**
     * Sends {@code response} with its length and the headers every response carries, without a body to HEAD, and
     * keeps the HTTP/1.1 connection open when the client asked and the hub is not shutting down.
     */
    void send(FullHttpResponse response) {
        HttpHeaders headers = response.headers();
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        hub.responseHeaders().decorate(this, headers);
        if (request.method().equals(HttpMethod.HEAD)) {
            response.content().clear();
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request) && !hub.closing();
        if (!http2) {
            HttpUtil.setKeepAlive(response, keepAlive);
        }
        var written = ctx.writeAndFlush(response);
        if (!keepAlive && !http2) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
