package dev.herald.hub.internal.netty.connection;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the hub from running out of open files, whatever arrives: it counts every accepted connection, served or
 * being refused, and once they reach the budget stops accepting (the listening socket's reads pause); connections
 * then wait in the kernel's backlog, which holds no file of ours, and accepting resumes as soon as files are free
 * again, checked every {@link #RECHECK_MILLIS} ms. Without it a burst past the connection limit made accept fail
 * with "Too many open files", and Netty then stopped accepting for a whole second, the health probes included.
 *
 * <p>It sits on the listening channel, before Netty's acceptor, and sees each accepted connection first. The few
 * connections the kernel hands over in the read that reaches the budget still fit: the budget leaves headroom
 * ({@link ConnectionBudget#acceptLimit}).
 */
@ChannelHandler.Sharable
public final class AcceptGate extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(AcceptGate.class);

    /** How often a paused gate checks whether files were freed. */
    static final long RECHECK_MILLIS = 5;

    private final int limit;
    private final AtomicInteger open = new AtomicInteger();
    private final ChannelFutureListener closed = future -> open.decrementAndGet();
    private int peak;
    private long pauses;
    private boolean paused;

    /** A gate that lets at most {@code limit} accepted connections be open at once. */
    public AcceptGate(int limit) {
        this.limit = Math.max(1, limit);
    }

    /** The most accepted connections open at once, give or take a read's batch. */
    public int limit() {
        return limit;
    }

    /** Accepted connections open now, served or being refused. */
    public int open() {
        return open.get();
    }

    /** The most connections that were open at once. Read on the listening channel's loop, or after it stopped. */
    public int peak() {
        return peak;
    }

    /** How many times accepting paused for want of files. */
    public long pauses() {
        return pauses;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Channel child) {
            int now = open.incrementAndGet();
            child.closeFuture().addListener(closed);
            peak = Math.max(peak, now);
            if (now >= limit && !paused) {
                pause(ctx);
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void pause(ChannelHandlerContext ctx) {
        paused = true;
        pauses++;
        ctx.channel().config().setAutoRead(false);
        LOG.debug("accepting paused: {} connections hold the open files the hub may use", open.get());
        recheck(ctx);
    }

    private void recheck(ChannelHandlerContext ctx) {
        ctx.executor().schedule(() -> {
            if (!ctx.channel().isOpen()) {
                return;
            }
            // Resume with room for a read's worth of connections, so that the gate does not flap at the edge.
            if (open.get() < limit - ConnectionBudget.ACCEPT_BATCH) {
                paused = false;
                ctx.channel().config().setAutoRead(true);
            } else {
                recheck(ctx);
            }
        }, RECHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException && !paused) {
            // The files ran out all the same (something else in the process took them): pause briefly rather than
            // for the second Netty's acceptor would, then try again.
            LOG.warn("accepting failed, paused: {}", cause.toString());
            pause(ctx);
            return;
        }
        if (!(cause instanceof IOException)) {
            ctx.fireExceptionCaught(cause);
        }
    }
}
