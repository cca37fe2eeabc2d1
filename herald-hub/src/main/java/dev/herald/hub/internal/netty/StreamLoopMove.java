package dev.herald.hub.internal.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;

/**
 * Moves an HTTP/1.1 connection whose request opens a stream from the request loop that read it to one of the stream
 * loops, where the request is then served and the stream lives (see {@code assembly.EventLoops} for why the two are
 * kept apart). The channel leaves its loop's epoll set and joins the other's; its pipeline goes with it. Nothing of
 * the connection is timed at that moment: the request is whole and not yet answered.
 */
final class StreamLoopMove {

    private final EventLoopGroup streamLoops;

    /** Moves connections to {@code streamLoops}, in turn. */
    StreamLoopMove(EventLoopGroup streamLoops) {
        this.streamLoops = streamLoops;
    }

    /**
     * Moves {@code channel} to the next stream loop. The future completes on that loop once the channel is registered
     * there; it fails when the channel could not move, which closes it (its client reconnects).
     */
    ChannelFuture move(Channel channel) {
        EventLoop target = streamLoops.next();
        ChannelPromise moved = channel.newPromise();
        channel.deregister().addListener(deregistered -> {
            if (!deregistered.isSuccess()) {
                channel.close();
                moved.setFailure(deregistered.cause());
                return;
            }
            // A channel that fails to register is closed by Netty.
            target.register(channel).addListener(registered -> {
                if (registered.isSuccess()) {
                    moved.setSuccess();
                } else {
                    moved.setFailure(registered.cause());
                }
            });
        });
        return moved;
    }
}
