package dev.herald.loadgen;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The event loops all client connections run on: epoll where the native transport loads, NIO otherwise.
 *
 * @param group the event loops
 * @param channelClass the socket channel type matching them
 * @param name "epoll" or "nio"
 */
public record Transport(EventLoopGroup group, Class<? extends SocketChannel> channelClass, String name) {

    /** Event loops on {@code threads} threads. */
    public static Transport create(int threads) {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new Transport(new MultiThreadIoEventLoopGroup(threads, io),
                epoll ? EpollSocketChannel.class : NioSocketChannel.class, epoll ? "epoll" : "nio");
    }

    /** Stops the event loops and waits, boundedly, for them to end. */
    public void shutdown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
