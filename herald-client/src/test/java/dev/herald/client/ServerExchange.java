package dev.herald.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The server's side of one connection: a script writes a response through it, byte for byte, so it can also write
 * broken ones. Every response says {@code Connection: close}; a stream uses chunked encoding, so that dropping the
 * socket before the last chunk is an error to the client, and {@link #end()} is a clean end.
 */
final class ServerExchange {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private volatile long bytesSent;

    ServerExchange(Socket socket, InputStream in) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
    }

    /** A response with a complete body and the given extra header lines, such as {@code "Location: /x"}. */
    void respond(int status, String body, String... headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = statusLine(status);
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        head.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
        write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        write(bytes);
    }

    /** Starts a 200 {@code text/event-stream} response. */
    void openStream() throws IOException {
        openStream("text/event-stream");
    }

    /** Starts a 200 streamed response with this content type. */
    void openStream(String contentType) throws IOException {
        String head = statusLine(200) + "Content-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n";
        write(head.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends {@code text} as one chunk, at once. */
    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code bytes} as one chunk, at once. */
    void send(byte[] bytes) throws IOException {
        if (bytes.length == 0) {
            return; // an empty chunk would end the body
        }
        write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        bytesSent += bytes.length;
    }

    /** Ends the stream cleanly with the last chunk. */
    void end() throws IOException {
        write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Closes the connection at once, mid-body if a stream is open. */
    void drop() throws IOException {
        socket.close();
    }

    /** Event bytes sent so far through {@link #send}. */
    long bytesSent() {
        return bytesSent;
    }

    /**
     * Blocks until the client closes the connection, or {@code timeout} passes; true if the client closed it. The
     * server stalls meanwhile, sending nothing.
     */
    boolean awaitClientClose(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] sink = new byte[1024];
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            try {
                if (in.read(sink) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // reset by the client
            }
        }
    }

    private static StringBuilder statusLine(int status) {
        return new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n")
                .append("Connection: close\r\n");
    }

    private static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 204: return "No Content";
            case 301: return "Moved Permanently";
            case 302: return "Found";
            case 303: return "See Other";
            case 307: return "Temporary Redirect";
            case 404: return "Not Found";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 503: return "Service Unavailable";
            default: return "Status";
        }
    }

    private void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }
}
