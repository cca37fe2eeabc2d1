package dev.herald.contract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The harness's stream endpoint in small: a plain {@link ServerSocket} that reads each request and hands the
 * connection to the test, which decides what to answer and when.
 */
final class ScriptedStreamServer implements AutoCloseable {

    private final ServerSocket serverSocket;
    private final BlockingQueue<StreamConnection> connections = new LinkedBlockingQueue<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    ScriptedStreamServer() throws IOException {
        serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "scripted-stream-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The stream's URL. */
    String url() {
        return "http://127.0.0.1:" + serverSocket.getLocalPort() + "/stream";
    }

    /** The next connection, within {@code timeoutMillis}, or null. */
    StreamConnection poll(long timeoutMillis) throws InterruptedException {
        return connections.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** The next connection, answered with an open event stream; throws when none comes within 5 seconds. */
    StreamConnection awaitStream() throws InterruptedException, IOException {
        StreamConnection connection = poll(5_000);
        if (connection == null) {
            throw new AssertionError("no connection to the stream within 5 seconds");
        }
        connection.open();
        return connection;
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                sockets.add(socket);
                connections.add(new StreamConnection(socket, readRequest(socket.getInputStream())));
            } catch (IOException e) {
                // closed, or a client that gave up mid-request: neither is a connection to hand out
            }
        }
    }

    private static StreamRequest readRequest(InputStream in) throws IOException {
        String requestLine = readLine(in);
        Map<String, String> headers = new HashMap<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return new StreamRequest(requestLine.substring(0, requestLine.indexOf(' ')), Map.copyOf(headers), body);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-request");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
