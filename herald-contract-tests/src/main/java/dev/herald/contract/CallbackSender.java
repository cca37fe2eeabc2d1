package dev.herald.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Posts one stream's callbacks to the harness, in order, to {@code callbackUrl/1}, {@code callbackUrl/2}, ... The
 * counter is the spec's guard against reordering; posting from one thread keeps the order as well, and keeps the
 * client's callback thread from waiting on the harness.
 */
final class CallbackSender implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CallbackSender.class.getName());

    private final HttpClient http;
    private final ObjectMapper json;
    private final String baseUrl;
    private final ExecutorService poster;
    private int counter;

    CallbackSender(HttpClient http, ObjectMapper json, String callbackUrl, String name) {
        this.http = http;
        this.json = json;
        this.baseUrl = callbackUrl.endsWith("/") ? callbackUrl.substring(0, callbackUrl.length() - 1) : callbackUrl;
        this.poster = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "callbacks-" + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Queues {@code message}; the counter is taken now, so callers serialise on this sender for a total order. */
    synchronized void send(CallbackMessage message) {
        if (poster.isShutdown()) {
            return;
        }
        URI uri = URI.create(baseUrl + "/" + ++counter);
        byte[] body;
        try {
            body = json.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message, e);
        }
        poster.execute(() -> post(uri, body));
    }

    private void post(URI uri, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // The harness closes a test's callback endpoint when the test ends; a late callback has nowhere to go.
            LOG.log(Level.FINE, "callback to " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking callbacks; those already queued are still posted. */
    @Override
    public synchronized void close() {
        poster.shutdown();
    }
}
