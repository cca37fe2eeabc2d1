package dev.herald.hub.internal.netty.connection;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the request of a connection the hub will not serve (over its connection limit, or shutting down) with
 * 503 and Retry-After, then ends the connection: over HTTP/1.1 at once when the request has no body (most do: a
 * subscription, a probe), else with a lingering close, so that the client reads the answer even when it was still
 * sending; over HTTP/2 (one of its streams) with GOAWAY and the same lingering
 * close of the connection, once the answered stream has finished. A health request gets its real answer instead
 * (a full hub is live, not ready), so that a checker can tell a full hub from a broken one.
 */
public final class OverLimitRefuser extends SimpleChannelInboundHandler<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(OverLimitRefuser.class);

    private final String reason;
    private final boolean http2Stream;
    private final Function<HttpRequest, Optional<FullHttpResponse>> probes;
    private final Duration linger;
    private boolean answered;

    /**
     * Answers the connection's (or HTTP/2 stream's) first request 503 with {@code reason}, or with what
     * {@code probes} answers a health request, and drains what follows for at most {@code linger}.
     */
    public OverLimitRefuser(String reason, boolean http2Stream,
            Function<HttpRequest, Optional<FullHttpResponse>> probes, Duration linger) {
        this.reason = reason;
        this.http2Stream = http2Stream;
        this.probes = probes;
        this.linger = linger;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object message) {
        if (!(message instanceof HttpRequest request) || answered || !ctx.channel().isActive()) {
            return; // the body, anything after the first request, or a head cut short by the close: dropped
        }
        answered = true;
        FullHttpResponse response = probes.apply(request).orElse(null);
        if (response == null) {
            LOG.debug("request from {} refused: 503 ({})", ctx.channel().remoteAddress(), reason);
            response = LingeringClose.response(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, reason);
            response.headers().set(HttpHeaderNames.RETRY_AFTER, "5");
        }
        if (http2Stream) {
            Channel connection = ctx.channel().parent();
            ctx.writeAndFlush(response).addListener(written -> LingeringClose.endHttp2(connection, linger));
        } else if (!HttpUtil.isContentLengthSet(request) && !HttpUtil.isTransferEncodingChunked(request)) {
            // Nothing more is coming: the request was read whole, so closing once the answer is written loses
            // nothing (no unread bytes to turn the close into a reset), and gives the file back at once.
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            LingeringClose.respond(ctx, response, linger);
        }
    }
}
