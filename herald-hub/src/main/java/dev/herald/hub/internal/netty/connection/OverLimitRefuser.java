package dev.herald.hub.internal.netty.connection;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the request of a connection the hub will not serve (over its connection limit, or shutting down) with
 * 503 and Retry-After, then ends the connection: over HTTP/1.1 with a lingering close, so that the client reads
 * the answer even when it was still sending; over HTTP/2 (one of its streams) with GOAWAY and the same lingering
 * close of the connection, once the answered stream has finished.
 */
public final class OverLimitRefuser extends SimpleChannelInboundHandler<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(OverLimitRefuser.class);

    private final String reason;
    private final boolean http2Stream;
    private boolean answered;

    /** Answers the connection's (or HTTP/2 stream's) first request 503 with {@code reason}. */
    public OverLimitRefuser(String reason, boolean http2Stream) {
        this.reason = reason;
        this.http2Stream = http2Stream;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object message) {
        if (!(message instanceof HttpRequest) || answered || !ctx.channel().isActive()) {
            return; // the body, anything after the first request, or a head cut short by the close: dropped
        }
        answered = true;
        LOG.info("request from {} refused: 503 ({})", ctx.channel().remoteAddress(), reason);
        FullHttpResponse response = LingeringClose.response(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, reason);
        response.headers().set(HttpHeaderNames.RETRY_AFTER, "5");
        if (http2Stream) {
            Channel connection = ctx.channel().parent();
            ctx.writeAndFlush(response).addListener(written -> LingeringClose.endHttp2(connection));
        } else {
            LingeringClose.respond(ctx, response);
        }
    }
}
