package dev.herald.hub.internal.netty;

import dev.herald.hub.internal.dispatch.LoopDispatcher;
import dev.herald.hub.internal.dispatch.Stream;
import dev.herald.hub.internal.dispatch.StreamSink;
import dev.herald.hub.internal.http.Exchange;
import dev.herald.hub.internal.http.HubContext;
import dev.herald.hub.internal.topic.HubUrl;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.Optional;

/** A request on one of the hub's own connections (or HTTP/2 streams). */
final class NettyExchange extends Exchange {

    private final HubContext hub;
    private final ChannelHandlerContext ctx;
    private final FullHttpRequest request;
    private final boolean http2;
    private final Router router;
    private final QueryStringDecoder uri;

    NettyExchange(HubContext hub, ChannelHandlerContext ctx, FullHttpRequest request, boolean http2, Router router) {
        super(hub);
        this.hub = hub;
        this.ctx = ctx;
        this.request = request;
        this.http2 = http2;
        this.router = router;
        this.uri = new QueryStringDecoder(request.uri());
    }

    @Override
    public HttpMethod method() {
        return request.method();
    }

    @Override
    public String path() {
        return uri.rawPath();
    }

    @Override
    protected String rawQuery() {
        return percentEncodedAboveAscii(uri.rawQuery());
    }

    /**
     * Netty reads the request line one char per byte (Latin-1), so a client that sends UTF-8 in a query without
     * percent-encoding it (curl does) would have {@code é} read as {@code Ã©}, a topic silently changed. Each byte
     * above 0x7F is percent-encoded instead, as a URL parser does, so the form decoder reads the bytes as UTF-8 and
     * refuses what is not.
     */
    static String percentEncodedAboveAscii(String query) {
        StringBuilder encoded = null;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c > 0x7F && encoded == null) {
                encoded = new StringBuilder(query.length() + 16).append(query, 0, i);
            }
            if (encoded != null) {
                if (c > 0x7F) {
                    encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4 & 0xF, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
                } else {
                    encoded.append(c);
                }
            }
        }
        return encoded == null ? query : encoded.toString();
    }

    @Override
    public HttpHeaders headers() {
        return request.headers();
    }

    @Override
    public ByteBuf content() {
        return request.content();
    }

    @Override
    public Optional<Principal> principal() {
        return Optional.empty();
    }

    @Override
    protected String scheme() {
        return hub.settings().tlsCertificate().isPresent() ? "https" : "http";
    }

    @Override
    public String hubPath() {
        return HubUrl.DEFAULT_PATH;
    }

    @Override
    protected String localAuthority() {
        InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
        if (local == null) {
            local = hub.settings().address();
        }
        return HubUrl.authority(local.getHostString(), local.getPort());
    }

    /** Keeps the HTTP/1.1 connection open when the client asked and the hub is not shutting down. */
    @Override
    protected void write(FullHttpResponse response) {
        boolean keepAlive = HttpUtil.isKeepAlive(request) && !hub.closing();
        if (!http2) {
            HttpUtil.setKeepAlive(response, keepAlive);
        }
        var written = ctx.writeAndFlush(response);
        if (!keepAlive && !http2) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    protected StreamSink streamSink(HttpHeaders decoration) {
        return new NettyStreamSink(ctx, http2, decoration);
    }

    @Override
    protected LoopDispatcher dispatcher() {
        return hub.dispatcherOf(ctx.channel().eventLoop());
    }

    @Override
    protected EventExecutor executor() {
        return ctx.executor();
    }

    @Override
    protected ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    @Override
    protected void becomeStream(Stream stream) {
        router.becomeStream(stream);
    }
}
