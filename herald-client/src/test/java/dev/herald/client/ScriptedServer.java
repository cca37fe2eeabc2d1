package dev.herald.client;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server on a plain {@link ServerSocket} that answers each connection with a script, for full
 * control over faults: drops, stalls, broken statuses. It records every request. One request per connection.
 */
final class ScriptedServer implements AutoCloseable {

    /** Answers one request; the connection is closed when it returns. */
    @FunctionalInterface
    interface Script {
        void answer(RecordedRequest request, ServerExchange exchange) throws Exception;
    }

    private final ServerSocket serverSocket;
    private final Script script;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "scripted-server");
        thread.setDaemon(true);
        return thread;
    });
    private final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();

    private ScriptedServer(Script script) throws IOException {
        this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.script = script;
        threads.execute(this::acceptLoop);
    }

    /** A running server answering with {@code script}. */
    static ScriptedServer start(Script script) throws IOException {
        return new ScriptedServer(script);
    }

    /** The URI of {@code path} on this server. */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + serverSocket.getLocalPort() + path);
    }

    /** The next request, waiting up to 5 seconds; fails the test if none comes. */
    RecordedRequest takeRequest() throws InterruptedException {
        RecordedRequest request = requests.poll(5, TimeUnit.SECONDS);
        if (request == null) {
            fail("no request arrived within 5 seconds");
        }
        return request;
    }

    /** The next request, if one comes within {@code timeout}. */
    Optional<RecordedRequest> pollRequest(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(requests.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** How many connections were accepted. */
    int connectionCount() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                return;
            }
            int index = connections.getAndIncrement();
            sockets.add(socket);
            try {
                threads.execute(() -> serve(socket, index));
            } catch (RejectedExecutionException e) {
                closeQuietly(socket); // the server is closing
                return;
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void serve(Socket socket, int index) {
        try (socket) {
            InputStream in = socket.getInputStream();
            RecordedRequest request = readRequest(in, index);
            if (request == null) {
                return;
            }
            requests.add(request);
            script.answer(request, new ServerExchange(socket, in));
        } catch (Exception e) {
            // The client went away, or the test ended: either way this connection is done.
        } finally {
            sockets.remove(socket);
        }
    }

    private static RecordedRequest readRequest(InputStream in, int index) throws IOException {
        String head = readHead(in);
        if (head == null) {
            return null;
        }
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip(), (a, b) -> a + ", " + b);
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new RecordedRequest(index, requestLine[0], requestLine[1], Map.copyOf(headers), body,
                System.nanoTime());
    }

    /** The request line and headers, up to the blank line; null if the client closed first. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }
}
