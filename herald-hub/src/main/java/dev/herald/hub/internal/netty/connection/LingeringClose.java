package dev.herald.hub.internal.netty.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The last answer on an HTTP/1.1 connection whose request is refused before it was read whole (too large, too
 * slow, over the connection limit): the response, then the end of our side of the connection, then whatever the
 * client still sends is read and dropped until it closes, bounded by time and by rate, before the connection is
 * closed.
 *
 * <p>Closing at once would lose the answer: a client still sending its body finds the connection closed, and the
 * kernel answers the data it sends next with a reset, which makes the client's kernel drop the response it had
 * not read yet. nginx ({@code lingering_close}) and Go's net/http drain in the same way. A client that sends its
 * whole body before reading anything (Python's {@code http.client}) must be drained to the end of its body, whatever
 * its size, to read its 413: the drain is bounded by time (30 s in all, 5 s without a byte, as nginx's
 * {@code lingering_time} and {@code lingering_timeout}) and by rate (reading pauses past {@link #DRAIN_RATE}), so a
 * client sending without end costs a bounded share of a loop, not a byte cap that cuts honest clients short.
 *
 * <p>The handler goes first in the pipeline, before TLS, so that it drops the client's bytes undecoded.
 */
final class LingeringClose extends ChannelInboundHandlerAdapter {

    /** The longest a refused connection is kept draining in all (nginx's lingering_time). */
    static final Duration LINGER = Duration.ofSeconds(30);
    /** The longest a refused connection is kept without a byte from its client (nginx's lingering_timeout). */
    static final Duration IDLE = Duration.ofSeconds(5);
    /** Bytes per second drained at most; past it, reading pauses: the client waits, the loop does not work for it. */
    static final long DRAIN_RATE = 16L * 1024 * 1024;
    /** What may be drained at once before the rate applies: a socket's buffers' worth, in flight at the refusal. */
    private static final long DRAIN_BURST = 4L * 1024 * 1024;

    private final Channel channel;
    private final long startNanos = System.nanoTime();
    private final long endNanos;
    private long lastReadNanos = startNanos;
    private long drained;
    private ScheduledFuture<?> timer;

    private LingeringClose(Channel channel, Duration linger) {
        this.channel = channel;
        this.endNanos = startNanos + linger.toNanos();
        timer = schedule(this::checkTime, Math.min(linger.toNanos(), IDLE.toNanos()));
        channel.closeFuture().addListener(closed -> timer.cancel(false));
    }

    private ScheduledFuture<?> schedule(Runnable task, long nanos) {
        return channel.eventLoop().schedule(task, nanos, TimeUnit.NANOSECONDS);
    }

    /** Closes the connection once its time is up or it has been idle too long; else looks again when either may be. */
    private void checkTime() {
        long now = System.nanoTime();
        long next = Math.min(endNanos, lastReadNanos + IDLE.toNanos());
        if (now - next >= 0) {
            channel.close();
        } else if (channel.isActive()) {
            timer = schedule(this::checkTime, next - now);
        }
    }

    /** A plain-text response that closes the connection. */
    static FullHttpResponse response(ChannelHandlerContext ctx, HttpResponseStatus status, String text) {
        return response(ctx.alloc(), status, text);
    }

    /** A plain-text response, its body from {@code alloc}. */
    static FullHttpResponse response(ByteBufAllocator alloc, HttpResponseStatus status, String text) {
        ByteBuf body = alloc.buffer().writeBytes((text + "\n").getBytes(StandardCharsets.UTF_8));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return response;
    }

    /**
     * Writes {@code response} as the connection's last, ends our side, and drains until the client closes or
     * the bounds are reached. Writes through {@code ctx}, so the handler calling must sit after the HTTP encoder.
     * A connection already ending takes no second answer.
     */
    static void respond(ChannelHandlerContext ctx, FullHttpResponse response) {
        respond(ctx, response, LINGER);
    }

    /** {@link #respond(ChannelHandlerContext, FullHttpResponse)}, draining for at most {@code linger}. */
    static void respond(ChannelHandlerContext ctx, FullHttpResponse response, Duration linger) {
        Channel channel = ctx.channel();
        if (!channel.isActive() || channel.pipeline().get(LingeringClose.class) != null) {
            ReferenceCountUtil.release(response);
            return;
        }
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        channel.pipeline().addFirst(new LingeringClose(channel, linger));
        ctx.writeAndFlush(response).addListener(written -> {
            if (!written.isSuccess()) {
                channel.close();
                return;
            }
            endTlsThenOutput(channel);
        });
    }

    /**
     * Ends an HTTP/2 connection one of whose streams was just answered as refused: GOAWAY, then our side, then what
     * the client still sends (its SETTINGS acknowledgement, WINDOW_UPDATEs) is drained as on HTTP/1.1. Closing at once
     * let the client's kernel answer those frames with a reset that dropped the unread 503.
     */
    static void endHttp2(Channel connection, Duration linger) {
        if (!connection.isActive() || connection.pipeline().get(LingeringClose.class) != null) {
            return;
        }
        connection.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR)).addListener(sent -> {
            if (!sent.isSuccess() || !connection.isActive()) {
                connection.close();
                return;
            }
            connection.pipeline().addFirst(new LingeringClose(connection, linger));
            endTlsThenOutput(connection);
        });
    }

    private static void endTlsThenOutput(Channel channel) {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls == null) {
            endOutput(channel);
        } else {
            // close_notify first, so that the client knows the response was not cut short.
            tls.closeOutbound().addListener(closed -> endOutput(channel));
        }
    }

    /** Sends FIN: the client reads the response to its end, while we still take what it sends. */
    private static void endOutput(Channel channel) {
        if (channel instanceof DuplexChannel duplex && channel.isActive()) {
            ChannelFuture shutdown = duplex.shutdownOutput();
            shutdown.addListener(done -> {
                if (!done.isSuccess()) {
                    channel.close();
                }
            });
        } else {
            channel.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            drained += bytes.readableBytes();
        }
        ReferenceCountUtil.release(msg);
        lastReadNanos = System.nanoTime();
        long allowed = DRAIN_BURST + DRAIN_RATE * (lastReadNanos - startNanos) / 1_000_000_000L;
        if (drained > allowed && channel.config().isAutoRead()) {
            // Ahead of the rate: read nothing until it has caught up (the wait counts as activity, not idleness).
            channel.config().setAutoRead(false);
            long wait = (drained - allowed) * 1_000_000_000L / DRAIN_RATE;
            schedule(() -> {
                lastReadNanos = System.nanoTime();
                channel.config().setAutoRead(true);
            }, wait);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Nothing behind this handler has anything more to read.
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            ctx.close(); // the client has sent all it will: nothing is left to drain
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
