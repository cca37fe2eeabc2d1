package dev.herald.hub.internal.netty.connection;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers an HTTP/1.1 request the decoder could not read with the status that names the fault: 414 for a request
 * line (its URL) over the limit, 431 for headers over the limit, 400 for anything else malformed. The decoder
 * reads nothing more from such a connection, so the answer is its last, with a lingering close: the client may
 * still be sending the rest of what was too long. A request whose connection closed before it was whole (the
 * client gave up, or the hub timed it out) is no fault to report: it is logged at debug level and dropped.
 */
@ChannelHandler.Sharable
public final class DecoderFailures extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(DecoderFailures.class);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpRequest request) || request.decoderResult().isSuccess()) {
            ctx.fireChannelRead(msg);
            return;
        }
        Throwable cause = request.decoderResult().cause();
        ReferenceCountUtil.release(msg);
        if (!ctx.channel().isActive() || ctx.pipeline().get(LingeringClose.class) != null) {
            // The decoder's last word on a closed connection (a head cut short), or one already answered.
            LOG.debug("connection {} ended in the middle of a request: {}", ctx.channel(), cause.getMessage());
            return;
        }
        HttpResponseStatus status;
        String text;
        if (cause instanceof TooLongHttpLineException) {
            status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
            text = "the request line (method, URL and version) is too long";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            text = "the request headers are too large";
        } else {
            status = HttpResponseStatus.BAD_REQUEST;
            text = "malformed HTTP request";
        }
        LOG.info("request from {} refused: {} ({})", ctx.channel().remoteAddress(), status.code(), cause.getMessage());
        LingeringClose.respond(ctx, LingeringClose.response(ctx, status, text));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof PrematureChannelClosureException) {
            LOG.debug("connection {} closed in the middle of a request", ctx.channel());
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}
