package dev.herald.hub.internal.netty;

import dev.herald.hub.frontend.HubResponse;
import dev.herald.hub.internal.dispatch.EndReason;
import dev.herald.hub.internal.dispatch.Stream;
import dev.herald.hub.internal.http.HubContext;
import dev.herald.hub.internal.http.Routes;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of one connection (or one HTTP/2 stream): sends each request to its endpoint by path and method
 * ({@link Routes}), and, once a subscribe request has turned the connection into a stream, hands
 * the connection's events to that {@link Stream}: writability resumes its replay, the connection's end or failure
 * ends it.
 */
final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final Routes routes;
    private final HubContext hub;
    private final boolean http2;
    /** The stream this connection became, if it did. */
    private Stream stream;

    Router(Routes routes, HubContext hub, boolean http2) {
        this.routes = routes;
        this.hub = hub;
        this.http2 = http2;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (stream != null) {
            return; // a stream's connection serves nothing else
        }
        NettyExchange exchange = new NettyExchange(hub, ctx, request, http2, this);
        if (!request.decoderResult().isSuccess()) {
            exchange.send(HubResponse.text(400, "malformed HTTP request"));
            return;
        }
        routes.serve(exchange);
    }

    /** Whether this HTTP/1.1 connection carries a subscriber's stream (not asked of an HTTP/2 stream's). */
    boolean carriesStream() {
        return stream != null && !http2;
    }

    /** The connection now carries {@code opened}: its events go to it, and no other request is served. */
    void becomeStream(Stream opened) {
        this.stream = opened;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (stream != null && ctx.channel().isWritable()) {
            stream.writable();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (stream != null) {
            stream.end(EndReason.CLIENT);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            // The connection broke: its close ends the stream, if any, as the client's.
            LOG.debug("connection {} failed: {}", ctx.channel(), cause.toString());
        } else {
            LOG.warn("connection {} failed", ctx.channel(), cause);
            if (stream != null) {
                stream.end(EndReason.ERROR);
            }
        }
        ctx.close();
    }
}
