package dev.herald.hub.internal.netty.connection;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpExpectationFailedEvent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long an HTTP/1.1 connection may hold the hub without a request to answer, so that clients that never finish
 * one cannot keep their connections (and the hub's open files) forever:
 * <ul>
 * <li>a request's head must be whole within the head timeout of its first byte (on a new connection, of the
 * connection's start), else 408 (or, when not a byte came, just the close);</li>
 * <li>its body must keep coming: no gap longer than the head timeout, else 408;</li>
 * <li>between requests, a kept-alive connection may stay idle for the keep-alive timeout, then it is closed.</li>
 * </ul>
 * While a request is being answered no timer runs, and a stream is never timed: the handler leaves the pipeline
 * when the connection becomes a stream ({@code http.NettyStreamSink}) or turns to HTTP/2.
 *
 * <p>Netty's {@code ReadTimeoutHandler} and {@code IdleStateHandler} measure silence; a client sending one byte
 * every few seconds is never silent for long, so the head needs a deadline, and the deadline needs to know where
 * a request starts and ends, which only a handler after the HTTP decoder sees.
 */
public final class RequestTimeouts extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RequestTimeouts.class);

    private enum Phase {
        /** No byte of the next request yet. */
        WAITING,
        /** Some bytes of a request, not its whole head. */
        HEAD,
        /** The head, not the whole body. */
        BODY,
        /** Whole requests are being answered. */
        ANSWERING
    }

    private final long headNanos;
    private final long keepAliveNanos;
    private Phase phase = Phase.WAITING;
    /** Requests read whose responses have not been written whole. */
    private int unanswered;
    private boolean servedOne;
    /** Whether the read under way gave the decoder enough for a message. */
    private boolean decodedThisRead;
    private ScheduledFuture<?> timer;

    /** Gives a request head {@code head} to arrive, and an idle kept-alive connection {@code keepAlive}. */
    public RequestTimeouts(Duration head, Duration keepAlive) {
        this.headNanos = head.toNanos();
        this.keepAliveNanos = keepAlive.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            startWaiting(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (timer == null) {
            startWaiting(ctx);
        }
        super.channelActive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        decodedThisRead = true;
        if (msg instanceof HttpRequest) {
            if (msg instanceof LastHttpContent) {
                requestRead();
            } else {
                phase = Phase.BODY;
                arm(ctx, headNanos);
            }
        } else if (msg instanceof HttpContent && phase == Phase.BODY) {
            if (msg instanceof LastHttpContent) {
                requestRead();
            } else {
                arm(ctx, headNanos); // the body is still coming: the next piece has as long again
            }
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (phase == Phase.WAITING && !decodedThisRead) {
            // Bytes came, and no whole head from them: the head's deadline starts at its first byte.
            phase = Phase.HEAD;
            arm(ctx, headNanos);
        }
        decodedThisRead = false;
        super.channelReadComplete(ctx);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof LastHttpContent && unanswered > 0 && !informational(msg)) {
            ChannelPromise written = promise.unvoid();
            written.addListener(done -> answered(ctx));
            super.write(ctx, msg, written);
            return;
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof HttpServerUpgradeHandler.UpgradeEvent
                || event instanceof CleartextHttp2ServerUpgradeHandler.PriorKnowledgeUpgradeEvent) {
            // HTTP/2 from here: its connection carries streams, which are not timed.
            ctx.pipeline().remove(this);
        } else if (event instanceof HttpExpectationFailedEvent) {
            // Answered (413 or 417) without its body, which will not come: the connection waits for the next.
            startWaiting(ctx);
        }
        super.userEventTriggered(ctx, event);
    }

    private static boolean informational(Object msg) {
        return msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
    }

    private void requestRead() {
        cancel();
        unanswered++;
        phase = Phase.ANSWERING;
    }

    private void answered(ChannelHandlerContext ctx) {
        unanswered--;
        servedOne = true;
        if (unanswered == 0 && phase == Phase.ANSWERING && ctx.channel().isActive()) {
            startWaiting(ctx);
        }
    }

    private void startWaiting(ChannelHandlerContext ctx) {
        phase = Phase.WAITING;
        // A new connection is for a request, sent at once; a kept-alive one may wait for the client's next.
        arm(ctx, servedOne ? keepAliveNanos : headNanos);
    }

    private void arm(ChannelHandlerContext ctx, long nanos) {
        cancel();
        timer = ctx.executor().schedule(() -> expire(ctx), nanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expire(ChannelHandlerContext ctx) {
        timer = null;
        if (!ctx.channel().isActive() || ctx.pipeline().get(LingeringClose.class) != null) {
            return; // closed, or already given its last answer
        }
        switch (phase) {
            case WAITING -> {
                LOG.debug("closing {}: no request for {} ms", ctx.channel(), TimeUnit.NANOSECONDS.toMillis(
                        servedOne ? keepAliveNanos : headNanos));
                ctx.close();
            }
            case HEAD, BODY -> {
                long millis = TimeUnit.NANOSECONDS.toMillis(headNanos);
                String what = phase == Phase.HEAD ? "request head not complete within " + millis + " ms"
                        : "request body stalled for " + millis + " ms";
                LOG.info("request from {} refused: 408 ({})", ctx.channel().remoteAddress(), what);
                LingeringClose.respond(ctx, LingeringClose.response(ctx, HttpResponseStatus.REQUEST_TIMEOUT, what));
            }
            case ANSWERING -> {
                // No timer runs while answering.
            }
        }
    }
}
