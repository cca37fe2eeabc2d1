package dev.herald.hub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * A client on a plain socket, for what HTTP clients will not send: a body the hub refuses while it is still being
 * sent, a head that never ends. Reads the answer while the body goes out, as browsers and curl do.
 */
final class RawHttp implements AutoCloseable {

    final Socket socket;
    private final CompletableFuture<String> sending = new CompletableFuture<>();

    RawHttp(TestHub hub) throws IOException {
        socket = new Socket("127.0.0.1", hub.address().getPort());
        socket.setSoTimeout(10_000);
    }

    /** Sends {@code head} and then, on another thread, {@code bodyBytes} bytes of 'x' in pieces (chunked if asked). */
    RawHttp send(String head, long bodyBytes, boolean chunked) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        Thread writer = new Thread(() -> {
            byte[] piece = "x".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
            try {
                for (long sent = 0; sent < bodyBytes; sent += piece.length) {
                    if (chunked) {
                        out.write((Integer.toHexString(piece.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(piece);
                    if (chunked) {
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                }
                if (chunked) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                sending.complete("sent");
            } catch (IOException e) {
                sending.complete(e.toString());
            }
        }, "raw-http-body");
        writer.setDaemon(true);
        writer.start();
        return this;
    }

    /**
     * How sending the body ended: {@code sent}, or the error that stopped it (a reset when the hub closed while
     * the client was still sending, as a client that sends its whole request before reading sees it).
     */
    String bodySent() throws Exception {
        return sending.get(20, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Sends {@code bytes} as they are. */
    RawHttp send(String bytes) throws IOException {
        socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** The answer's status line, read however the connection goes on; fails on a reset or a close before it. */
    String statusLine() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        return line.toString(StandardCharsets.ISO_8859_1).strip();
    }

    /** Everything the hub sends until it ends the connection, which must happen within the socket's timeout. */
    String untilClosed() throws IOException {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    /** Whether the hub closed the connection (end of stream or reset) within {@code millis}. */
    boolean closedWithin(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (in.read(buffer) >= 0) {
                // what it sent before closing
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
