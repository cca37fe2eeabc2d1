package dev.herald.hub.internal.netty.connection;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes an HTTP/2 connection that has carried nothing, in either direction, for the keep-alive timeout and has
 * no open stream: the HTTP/2 form of an idle kept-alive connection. A connection with a stream open (a
 * subscriber, however quiet) is never closed by it. Acts on the events of Netty's {@code IdleStateHandler},
 * which goes before it; the frame codec's close sends GOAWAY first.
 */
public final class Http2IdleClose extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(Http2IdleClose.class);

    private final Http2FrameCodec codec;

    /** Closes the connection of {@code codec} when it is idle with no stream open. */
    public Http2IdleClose(Http2FrameCodec codec) {
        this.codec = codec;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent && codec.connection().numActiveStreams() == 0) {
            LOG.debug("closing idle HTTP/2 connection {}", ctx.channel());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }
}
