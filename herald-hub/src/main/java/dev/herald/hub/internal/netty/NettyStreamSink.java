package dev.herald.hub.internal.netty;

import dev.herald.hub.frontend.Headers;
import dev.herald.hub.internal.dispatch.EncodedUpdate;
import dev.herald.hub.internal.dispatch.StreamSink;
import dev.herald.hub.internal.http.StreamResponse;
import dev.herald.hub.internal.netty.connection.ClientClose;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A stream's connection, for Netty. After the response head, an HTTP/1.1 connection takes each update's
 * pre-framed chunk (a duplicate of the shared buffer, see {@link EncodedUpdate}) straight past the HTTP encoder,
 * which is removed, and sheds every handler but the router and TLS; an HTTP/2 stream takes the event bytes, a slice
 * of the same buffer, as content. The channel's writability is the stream's bound of unsent bytes (its write buffer
 * water mark is the hub's {@code maxQueuedBytes}).
 */
final class NettyStreamSink implements StreamSink {

    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ChannelHandlerContext ctx;
    private final Channel channel;
    private final boolean http2;
    /**
     * The headers every response of the request gets (CORS, security, discovery), added after the stream's own.
     * Needed until the response head is written; dropped then, since an idle stream should hold little.
     */
    private Headers decoration;
    private boolean opened;

    /**
     * @param ctx the router's context on the connection (or HTTP/2 stream)
     * @param decoration the headers every response to the request carries
     */
    NettyStreamSink(ChannelHandlerContext ctx, boolean http2, Headers decoration) {
        this.ctx = ctx;
        this.channel = ctx.channel();
        this.http2 = http2;
        this.decoration = decoration;
    }

    @Override
    public void open(String lastEventId) {
        HttpResponse head = NettyMessages.head(StreamResponse.head(Optional.ofNullable(lastEventId), decoration));
        decoration = null;
        if (!http2) {
            HttpUtil.setTransferEncodingChunked(head, true);
        }
        ctx.write(head);
        opened = true;
        if (!http2) {
            // From here the stream carries pre-framed chunks (see EncodedUpdate), written past the HTTP encoder.
            ctx.pipeline().get(HttpServerCodec.class).removeOutboundHandler();
            // The connection reads no more requests: drop the HTTP handlers so that an idle subscriber costs only
            // its channel. Done as a later task, not from inside the decoder's own read callback.
            channel.eventLoop().execute(this::keepOnlyRouterAndTls);
        }
    }

    /**
     * Removes every handler but the router, TLS and {@link ClientClose} from a stream's pipeline: the HTTP codec, the
     * aggregator and the request timers have nothing more to do, while the {@link SslHandler} must keep encrypting
     * what is written, and the client's leaving is still to be handled.
     */
    private void keepOnlyRouterAndTls() {
        for (String name : ctx.pipeline().names()) {
            ChannelHandler handler = ctx.pipeline().get(name);
            if (handler != null && handler != ctx.handler() && !(handler instanceof SslHandler)
                    && !(handler instanceof ClientClose)) {
                ctx.pipeline().remove(handler);
            }
        }
    }

    @Override
    public void write(EncodedUpdate update) {
        if (http2) {
            channel.write(new DefaultHttpContent(update.eventForOneWrite()), channel.voidPromise());
        } else {
            channel.write(update.chunkForOneWrite(), channel.voidPromise());
        }
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public long pendingBytes() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    @Override
    public void end() {
        if (!opened) {
            // The stream never began (its history could not be read, or it ended meanwhile): a plain 503.
            ctx.writeAndFlush(NettyMessages.full(StreamResponse.historyUnavailable(decoration)))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        Object last = http2 ? LastHttpContent.EMPTY_LAST_CONTENT : Unpooled.wrappedBuffer(LAST_CHUNK);
        channel.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void close() {
        channel.close();
    }
}
