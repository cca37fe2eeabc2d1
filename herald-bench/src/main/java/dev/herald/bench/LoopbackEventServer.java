package dev.herald.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A local event-stream server for client benchmarks: a plain {@link ServerSocket} on loopback that answers every
 * connection with one pre-encoded HTTP/1.1 200 {@code text/event-stream} response of {@code events} small events,
 * written as fast as the client reads, then closes. Encoding happens once, so the server costs only socket writes.
 */
final class LoopbackEventServer implements AutoCloseable {

    /** The size of each event on the wire, {@code id:} line to blank line. */
    static final int EVENT_BYTES = 100;

    /** Chunks of a socket write's size, so the body looks like a typical streamed response. */
    private static final int CHUNK_BYTES = 16 * 1024;

    private final ServerSocket serverSocket;
    private final byte[] response;

    /** Starts serving {@code events} events per connection. */
    LoopbackEventServer(int events) throws IOException {
        this.response = encodeResponse(events);
        this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "loopback-event-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The stream's URI. */
    URI uri() {
        return URI.create("http://127.0.0.1:" + serverSocket.getLocalPort() + "/events");
    }

    /** The {@code data} of event {@code sequence}, as a client should receive it. */
    static String data(int sequence) {
        String head = String.format(Locale.ROOT, "{\"seq\":%07d,\"sensor\":\"s-%04d\",\"ok\":true,\"pad\":\"",
                sequence, sequence % 10_000);
        int padding = EVENT_BYTES - idLine(sequence).length() - "data: ".length() - head.length() - "\"}\n\n".length();
        return head + "x".repeat(padding) + "\"}";
    }

    private static String idLine(int sequence) {
        return "id: " + sequence + "\n";
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }

    private static byte[] encodeResponse(int events) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(events * EVENT_BYTES);
        for (int i = 0; i < events; i++) {
            byte[] event = (idLine(i) + "data: " + data(i) + "\n\n").getBytes(StandardCharsets.UTF_8);
            if (event.length != EVENT_BYTES) {
                throw new IllegalStateException("event " + i + " is " + event.length + " bytes");
            }
            body.writeBytes(event);
        }
        byte[] payload = body.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + payload.length / CHUNK_BYTES * 16 + 256);
        out.writeBytes(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        for (int at = 0; at < payload.length; at += CHUNK_BYTES) {
            int length = Math.min(CHUNK_BYTES, payload.length - at);
            out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(payload, at, length);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                Thread writer = new Thread(() -> serve(socket), "loopback-event-writer");
                writer.setDaemon(true);
                writer.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            skipRequestHead(in);
            out.write(response);
            out.flush();
        } catch (IOException e) {
            // The client closes as soon as it has every event it wants, often before the final chunk is written.
        }
    }

    /** Reads up to the blank line that ends the request head; the benchmarks' requests have no body. */
    private static void skipRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed mid-request");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }
}
