package dev.herald.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A remote hub played by the JDK's HTTP server on 127.0.0.1: it answers each publish as its script says, such as
 * 503 twice and then 200, and records every request it was sent.
 */
final class ScriptedHub implements AutoCloseable {

    /** Answers the {@code attempt}-th request (from 0). */
    @FunctionalInterface
    interface Script {
        Answer answer(int attempt, Received request) throws InterruptedException;
    }

    /** An answer: its status, its body and, when present, its {@code Retry-After}. */
    record Answer(int status, String body, Optional<String> retryAfter) {

        static Answer of(int status, String body) {
            return new Answer(status, body, Optional.empty());
        }

        /** 200 with the id the publisher sent, as a Mercure hub answers. */
        static Answer accepted(Received request) {
            return of(200, request.field("id"));
        }

        Answer retryAfter(String value) {
            return new Answer(status, body, Optional.of(value));
        }
    }

    /**
     * A publish request as the hub read it.
     *
     * @param contentType the {@code Content-Type} header, empty when absent
     * @param authorization the {@code Authorization} header, empty when absent
     * @param form the form fields, decoded, each name with its values in order
     */
    record Received(String contentType, String authorization, Map<String, List<String>> form) {

        /** The first value of the field; fails the test if it is missing. */
        String field(String name) {
            List<String> values = form.get(name);
            if (values == null) {
                throw new AssertionError("no " + name + " field in " + form);
            }
            return values.get(0);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "scripted-hub");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Received> requests = new CopyOnWriteArrayList<>();

    private ScriptedHub(Script script) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/.well-known/mercure", exchange -> answer(exchange, script));
        server.start();
    }

    /** A running hub answering with {@code script}. */
    static ScriptedHub answering(Script script) throws IOException {
        return new ScriptedHub(script);
    }

    /** Its publish URL. */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/mercure");
    }

    /** Every request received so far, in order. */
    List<Received> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        threads.shutdownNow(); // interrupts a script still holding its answer back
        server.stop(0);
    }

    private void answer(HttpExchange exchange, Script script) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Received request = new Received(header(exchange, "Content-Type"), header(exchange, "Authorization"),
                    decode(body));
            int attempt;
            synchronized (requests) {
                attempt = requests.size();
                requests.add(request);
            }
            Answer answer = script.answer(attempt, request);
            answer.retryAfter().ifPresent(value -> exchange.getResponseHeaders().set("Retry-After", value));
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the hub is closing: no answer
        }
    }

    private static String header(HttpExchange exchange, String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name)).orElse("");
    }

    private static Map<String, List<String>> decode(String form) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            fields.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return fields;
    }
}
