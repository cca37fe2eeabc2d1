import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Opens RATE connections a second for SECONDS s to a hub on loopback, from SOURCE (an address of 127.0.0.0/8), and
 * never closes one itself: each sends a subscribe request (or, with "silent", nothing) and waits, reading, until
 * the hub closes it, as a client that is slow to let go would. Prints the statuses, how long each connection was
 * open (until the hub closed it), and how many could not connect. Run: java bench/Burst.java PORT RATE SECONDS
 * SOURCE [silent]
 */
public class Burst {

    record Open(long startNanos, StringBuilder answer) {
    }

    /** A connection made: its request goes out (unless silent), and it waits for what the hub sends. */
    static void connected(SocketChannel channel, Selector selector, Open state, byte[] request) throws IOException {
        if (request != null) {
            channel.write(ByteBuffer.wrap(request));
        }
        channel.register(selector, SelectionKey.OP_READ, state);
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int rate = Integer.parseInt(args[1]);
        double seconds = Double.parseDouble(args[2]);
        String source = args[3];
        boolean silent = args.length > 4 && args[4].equals("silent");
        byte[] request = "GET /.well-known/mercure?topic=burst HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        int total = (int) (rate * seconds);
        Selector selector = Selector.open();
        Map<String, Integer> statuses = new TreeMap<>();
        List<Long> held = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        long start = System.nanoTime();
        int opened = 0;
        int failed = 0;
        int open = 0;
        long deadline = start + (long) ((seconds + 60) * 1e9);
        while ((opened < total || open > 0) && System.nanoTime() < deadline) {
            long now = System.nanoTime();
            while (opened < total && start + (long) (opened * 1e9 / rate) <= now) {
                opened++;
                try {
                    SocketChannel channel = SocketChannel.open();
                    channel.configureBlocking(false);
                    channel.bind(new InetSocketAddress(source, 0));
                    Open state = new Open(System.nanoTime(), new StringBuilder());
                    if (channel.connect(new InetSocketAddress("127.0.0.1", port))) {
                        connected(channel, selector, state, silent ? null : request);
                    } else {
                        channel.register(selector, SelectionKey.OP_CONNECT, state);
                    }
                    open++;
                } catch (IOException e) {
                    failed++;
                }
            }
            selector.select(1);
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel channel = (SocketChannel) key.channel();
                Open state = (Open) key.attachment();
                if (key.isValid() && key.isConnectable()) {
                    try {
                        channel.finishConnect();
                        connected(channel, selector, state, silent ? null : request);
                    } catch (IOException e) {
                        failed++;
                        open--;
                        key.cancel();
                        channel.close();
                    }
                    continue;
                }
                int read;
                try {
                    buffer.clear();
                    read = channel.read(buffer);
                } catch (IOException e) {
                    read = -2; // reset
                }
                if (read > 0 && state.answer.length() < 16) {
                    state.answer.append(new String(buffer.array(), 0, Math.min(read, 16), StandardCharsets.US_ASCII));
                }
                if (read < 0) {
                    held.add(System.nanoTime() - state.startNanos);
                    String answer = state.answer.toString();
                    String status = answer.startsWith("HTTP/1.1 ") ? answer.substring(9, 12)
                            : read == -2 ? "reset" : "closed";
                    statuses.merge(status, 1, Integer::sum);
                    key.cancel();
                    channel.close();
                    open--;
                }
            }
            selector.selectedKeys().clear();
        }
        Collections.sort(held);
        System.out.printf("burst: %d connections at %d/s (%s): %d could not connect, %d still open 60 s later, "
                + "statuses %s%n", total, rate, silent ? "silent" : "each asking for a stream", failed, open, statuses);
        if (!held.isEmpty()) {
            System.out.printf("burst: open until the hub closed it: p50 %.0f ms p99 %.0f ms max %.0f ms%n",
                    held.get(held.size() / 2) / 1e6, held.get((int) (held.size() * 0.99)) / 1e6,
                    held.get(held.size() - 1) / 1e6);
        }
    }
}
