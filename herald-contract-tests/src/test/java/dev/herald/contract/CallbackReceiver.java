package dev.herald.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The harness's callback endpoint in small: records each {@code POST /callbacks/N} by its counter, so the test reads
 * callbacks in the order the service numbered them, as the harness's sorting queue does.
 */
final class CallbackReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<Integer, JsonNode> received = new ConcurrentHashMap<>();
    private int next = 1;

    CallbackReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/callbacks/", this::handle);
        server.start();
    }

    /** The base callback URL to give the service. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/callbacks";
    }

    /** The next callback in counter order, waiting up to 5 seconds; throws when it does not come. */
    synchronized JsonNode next() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!received.containsKey(next)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("callback " + next + " did not arrive; got " + received.keySet());
            }
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
        return received.remove(next++);
    }

    /** The callbacks that arrived but were not taken yet, by counter. */
    Map<Integer, JsonNode> pending() {
        return Map.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            String path = exchange.getRequestURI().getPath();
            int counter = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
            received.put(counter, JSON.readTree(body));
            exchange.sendResponseHeaders(202, -1);
        }
        synchronized (this) {
            notifyAll();
        }
    }
}
