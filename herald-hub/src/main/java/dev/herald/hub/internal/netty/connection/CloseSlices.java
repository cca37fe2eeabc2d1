package dev.herald.hub.internal.netty.connection;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One loop's connections whose client has closed its side, closed a few at each turn of the loop. Closing a TCP
 * connection is the costliest thing a loop does for an idle subscriber (the kernel sends the FIN and, on loopback,
 * handles the peer's answer within the same call: about 60 microseconds); when seventeen thousand subscribers left at
 * once, closing each as its end was read kept the loop from reading anything else, a publisher's request included,
 * for half a second. A turn now closes at most {@link #PER_TURN}, after the turn's reads and queued deliveries, and
 * each with a reset ({@code SO_LINGER} 0): its client has closed its side and reads nothing more, and a reset spares
 * both ends the FIN's round trip and the client's kernel a socket waiting in TIME_WAIT (in bench/mass-disconnect.sh
 * the readers' worst second fell by about half with it).
 */
final class CloseSlices implements Runnable {

    /** Connections closed per turn of the loop: a millisecond or two of closing. */
    static final int PER_TURN = 32;

    private final EventLoop loop;
    private final ArrayDeque<Channel> waiting = new ArrayDeque<>();
    private boolean scheduled;

    CloseSlices(EventLoop loop) {
        this.loop = loop;
    }

    /** On the loop: closes {@code channel} at one of the next turns. */
    void close(Channel channel) {
        waiting.add(channel);
        if (!scheduled) {
            scheduled = true;
            next();
        }
    }

    @Override
    public void run() {
        for (int i = 0; i < PER_TURN && !waiting.isEmpty(); i++) {
            Channel channel = waiting.poll();
            if (!channel.isOpen()) {
                continue; // closed meanwhile: a write to it failed, or the hub is closing
            }
            try {
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (ChannelException e) {
                // its socket failed meanwhile: a plain close ends it all the same
            }
            channel.close();
        }
        if (waiting.isEmpty()) {
            scheduled = false;
        } else {
            next();
        }
    }

    /**
     * A task scheduled with no delay runs at the loop's next turn, after its reads: one merely queued would run in
     * this turn's batch of tasks again, and the reads would wait for every close.
     */
    private void next() {
        try {
            loop.schedule(this, 0, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            scheduled = false; // the loop is stopping: what waits is closed now
            while (!waiting.isEmpty()) {
                waiting.poll().close();
            }
        }
    }
}
