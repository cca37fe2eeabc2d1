package dev.herald.hub.internal.netty.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * Past its limit the gate stops accepting, so connections wait in the kernel's backlog instead of taking files,
 * and it accepts again as connections close: the accepted connections open at once never pass the limit by more than
 * one read's batch.
 */
class AcceptGateTest {

    private static final int LIMIT = 40;
    private static final int CLIENTS = 150;

    private static void awaitAtLeast(IntSupplier value, int expected) throws InterruptedException {
        for (int i = 0; i < 500 && value.getAsInt() < expected; i++) {
            Thread.sleep(20);
        }
    }

    /** Counts the connections accepted. */
    @ChannelHandler.Sharable
    private static final class Counting extends ChannelInboundHandlerAdapter {

        private final AtomicInteger accepted;

        Counting(AtomicInteger accepted) {
            this.accepted = accepted;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            accepted.incrementAndGet();
        }
    }

    @Test
    void acceptedConnectionsNeverPassTheLimitAndTheRestAreAcceptedAsFilesFree() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        AcceptGate gate = new AcceptGate(LIMIT);
        AtomicInteger accepted = new AtomicInteger();
        List<Socket> clients = new ArrayList<>();
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, CLIENTS).handler(gate)
                    .childHandler(new Counting(accepted)).bind("127.0.0.1", 0).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(new Socket("127.0.0.1", port)); // the kernel completes it, accepted or not
            }
            awaitAtLeast(accepted::get, LIMIT);
            Thread.sleep(200); // time to accept more, were the gate open
            // The read that reached the limit may bring a few more (its batch): the budget's headroom holds them.
            assertThat(accepted.get()).isBetween(LIMIT, LIMIT + ConnectionBudget.ACCEPT_BATCH);
            assertThat(gate.open()).isEqualTo(accepted.get());
            // Clients leave, a few at a time: the ones waiting are accepted into the freed files.
            int closed = 0;
            while (accepted.get() < CLIENTS) {
                for (int i = 0; i < 10 && closed < accepted.get(); i++) {
                    clients.get(closed++).close();
                }
                Thread.sleep(20);
                assertThat(gate.open()).isLessThanOrEqualTo(LIMIT + ConnectionBudget.ACCEPT_BATCH);
            }
            server.close().sync();
            assertThat(gate.peak()).isBetween(LIMIT, LIMIT + ConnectionBudget.ACCEPT_BATCH);
            assertThat(gate.pauses()).isGreaterThan(1);
        } finally {
            for (Socket client : clients) {
                client.close();
            }
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS).sync();
        }
    }
}
