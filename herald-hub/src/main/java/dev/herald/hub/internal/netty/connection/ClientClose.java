package dev.herald.hub.internal.netty.connection;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The first handler of every connection: what happens when its client closes its side. Connections are accepted
 * half-closable ({@code ALLOW_HALF_CLOSURE}), so that the loop reading a client's end does not close the connection
 * in the same breath: a subscriber's stream is closed a few per turn of its loop ({@link CloseSlices}), which keeps a
 * mass disconnect from holding up the other connections' reads and deliveries; any other connection closes at once,
 * as it would have without half-closure.
 */
@ChannelHandler.Sharable
public final class ClientClose extends ChannelInboundHandlerAdapter {

    private final Predicate<Channel> carriesStream;
    private final Map<EventLoop, CloseSlices> slices = new ConcurrentHashMap<>();

    /**
     * The handler for one server's connections.
     *
     * @param carriesStream whether a connection carries a subscriber's stream (asked on its loop)
     */
    public ClientClose(Predicate<Channel> carriesStream) {
        this.carriesStream = carriesStream;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (!(event instanceof ChannelInputShutdownEvent)) {
            super.userEventTriggered(ctx, event);
            return;
        }
        Channel channel = ctx.channel();
        if (carriesStream.test(channel)) {
            slices.computeIfAbsent(channel.eventLoop(), CloseSlices::new).close(channel);
        } else {
            channel.close();
        }
    }
}
