package dev.herald.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Many subscribers on one event loop: the fan-out is flushed in slices with the loop's I/O in between, and updates
 * published meanwhile join the connections still waiting. Every subscriber must still get every update, in order,
 * exactly once.
 */
class LargeFanOutTest {

    private static final int SUBSCRIBERS = 600;
    private static final int UPDATES = 40;

    @Test
    void everySubscriberOfALargeFanOutGetsEveryUpdateInOrderOnce() throws Exception {
        try (TestHub hub = HubFixture.start(HubFixture.builder().ioThreads(1))) {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < SUBSCRIBERS; i++) {
                    Socket socket = new Socket("127.0.0.1", hub.address().getPort());
                    socket.getOutputStream().write(("GET /.well-known/mercure?topic=t:large HTTP/1.1\r\n"
                            + "Host: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    sockets.add(socket);
                }
                for (Socket socket : sockets) {
                    readUntil(socket, ":\n"); // the opening comment: subscribed from here on
                }
                for (int n = 0; n < UPDATES; n++) {
                    // Java callers publish straight into the log: updates arrive faster than one fan-out flushes.
                    hub.hub().publishAsync(Update.builder().topic("t:large").data("update-" + n + ".").build());
                }
                StringBuilder expected = new StringBuilder();
                for (int n = 0; n < UPDATES; n++) {
                    expected.append("data: update-").append(n).append(".\n");
                }
                String last = "data: update-" + (UPDATES - 1) + ".\n";
                for (Socket socket : sockets) {
                    String received = readUntil(socket, last);
                    assertThat(dataLines(received)).isEqualTo(expected.toString());
                }
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    }

    /** Reads from {@code socket} until {@code marker} has arrived (10 s at most); returns what was read. */
    private static String readUntil(Socket socket, String marker) throws Exception {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[8192];
        while (text.indexOf(marker) < 0) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new AssertionError("the stream ended before " + marker.strip() + ": " + text);
            }
            text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    /** The "data:" lines of a chunked event stream, in order (chunk sizes and ids dropped). */
    private static String dataLines(String stream) {
        StringBuilder lines = new StringBuilder();
        for (String line : stream.split("\n", -1)) {
            String clean = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (clean.startsWith("data: ")) {
                lines.append(clean).append('\n');
            }
        }
        return lines.toString();
    }
}
