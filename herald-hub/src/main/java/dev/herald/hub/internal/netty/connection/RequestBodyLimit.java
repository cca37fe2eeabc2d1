package dev.herald.hub.internal.netty.connection;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers a request's body, up to the hub's limit. A larger one gets 413 as soon as it is known to be
 * too large: at once from its Content-Length, before any of the body is read, or when the chunks read pass the
 * limit. That answer is the connection's last, with a lingering close: Netty's own would either close at once
 * (and the client, still sending, would get a reset instead of the 413) or go on reading and discarding the
 * body, however long. On an HTTP/2 stream Netty's own answer is right: it ends that stream, not the connection.
 * A request that asks first ({@code Expect: 100-continue}, as curl does for a large body) is refused before it
 * sends the body, and the connection goes on; Netty's answers there (413, and 417 for an expectation it does not
 * know) have no body, so a client showed an empty page: they get the same text as any other refusal.
 */
public final class RequestBodyLimit extends HttpObjectAggregator {

    private static final Logger LOG = LoggerFactory.getLogger(RequestBodyLimit.class);

    /** Aggregates request bodies up to {@code maxRequestBytes}; larger ones get 413. */
    public RequestBodyLimit(int maxRequestBytes) {
        super(maxRequestBytes);
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
        if (!(answer instanceof HttpResponse refused) || refused.status().code() < 400) {
            return answer; // 100 Continue, or no answer needed
        }
        ReferenceCountUtil.release(answer);
        String text = refused.status().code() == 413
                ? "the request body is over the hub's limit of " + maxContentLength + " bytes"
                : "the only expectation supported is 100-continue";
        if (refused.status().code() == 413 && start instanceof HttpRequest request) {
            LOG.info("{} from {} refused before its body: 413 (Content-Length {} over {} bytes)", request.method(),
                    pipeline.channel().remoteAddress(), request.headers().get(HttpHeaderNames.CONTENT_LENGTH),
                    maxContentLength);
        }
        return LingeringClose.response(pipeline.channel().alloc(), refused.status(), text);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest request)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        String length = request.headers().get(HttpHeaderNames.CONTENT_LENGTH, "not given");
        LOG.info("{} {} from {} refused: 413 (body over {} bytes; Content-Length {})", request.method(),
                request.uri().length() > 200 ? request.uri().substring(0, 200) + "..." : request.uri(),
                ctx.channel().remoteAddress(), maxContentLength(), length);
        if (ctx.channel() instanceof Http2StreamChannel) {
            // One stream of an HTTP/2 connection: Netty's answer ends the stream alone, and the client reads it.
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        LingeringClose.respond(ctx, LingeringClose.response(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "the request body is over the hub's limit of " + maxContentLength() + " bytes"));
    }
}
