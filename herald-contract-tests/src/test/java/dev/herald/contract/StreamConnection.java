package dev.herald.contract;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One accepted connection of the {@link ScriptedStreamServer}: the request it carried and the open response, whose
 * body the test writes chunk by chunk, as the harness's {@code stream.Send} does.
 */
final class StreamConnection {

    private final Socket socket;
    private final StreamRequest request;
    private final OutputStream out;

    StreamConnection(Socket socket, StreamRequest request) throws IOException {
        this.socket = socket;
        this.request = request;
        this.out = socket.getOutputStream();
    }

    /** The request that opened this connection. */
    StreamRequest request() {
        return request;
    }

    /** Answers with a 200 event stream in chunked encoding, so that a drop is told apart from a clean end. */
    void open() throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Answers with a bodiless {@code status} and closes. */
    void answer(int status, String reason) throws IOException {
        out.write(("HTTP/1.1 " + status + " " + reason + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        socket.close();
    }

    /** Sends {@code text}, UTF-8 encoded, as one chunk. */
    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code bytes} as one chunk, flushed at once. */
    void send(byte[] bytes) throws IOException {
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Whether the client has closed its side: a read returns end of stream (or fails) within the socket timeout. */
    boolean clientClosed(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Drops the connection without ending the chunked body, as a network failure would. */
    void breakConnection() throws IOException {
        socket.close();
    }
}
