package dev.herald.hub.internal.netty;

import dev.herald.hub.frontend.Headers;
import dev.herald.hub.frontend.HubResponse;
import dev.herald.hub.internal.dispatch.LoopDispatcher;
import dev.herald.hub.internal.dispatch.Stream;
import dev.herald.hub.internal.dispatch.StreamSink;
import dev.herald.hub.internal.http.Exchange;
import dev.herald.hub.internal.http.HubContext;
import dev.herald.hub.internal.topic.HubUrl;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;

/** A request on one of the hub's own connections (or HTTP/2 streams). */
final class NettyExchange extends Exchange {

    private final HubContext hub;
    private final ChannelHandlerContext ctx;
    private final boolean keepAliveAsked;
    private final boolean http2;
    private final Router router;

    NettyExchange(HubContext hub, ChannelHandlerContext ctx, FullHttpRequest request, boolean http2, Router router) {
        super(hub, NettyMessages.request(request, hub.settings().tlsCertificate().isPresent() ? "https" : "http",
                localAuthority(hub, ctx)));
        this.hub = hub;
        this.ctx = ctx;
        this.keepAliveAsked = HttpUtil.isKeepAlive(request);
        this.http2 = http2;
        this.router = router;
    }

    private static String localAuthority(HubContext hub, ChannelHandlerContext ctx) {
        InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
        if (local == null) {
            local = hub.settings().address();
        }
        return HubUrl.authority(local.getHostString(), local.getPort());
    }

    /** Keeps the HTTP/1.1 connection open when the client asked and the hub is not shutting down. */
    @Override
    protected void write(HubResponse response) {
        FullHttpResponse full = NettyMessages.full(response);
        boolean keepAlive = keepAliveAsked && hub.keepsConnectionsAlive();
        if (!http2) {
            HttpUtil.setKeepAlive(full, keepAlive);
        }
        var written = ctx.writeAndFlush(full);
        if (!keepAlive && !http2) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    protected StreamSink streamSink(Headers decoration) {
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
    protected void carry(Stream stream) {
        router.becomeStream(stream);
    }
}
