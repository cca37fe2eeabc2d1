package dev.herald.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The test service of the {@code sse-contract-tests} harness: {@code GET /} reports the capabilities,
 * {@code POST /} opens a stream, {@code POST /streams/{id}} sends it a command, {@code DELETE /streams/{id}} closes
 * it, and {@code DELETE /} stops the service.
 */
public final class ContractService implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ContractService.class.getName());
    private static final String STREAMS = "/streams/";

    private final HttpServer server;
    private final ExecutorService handlers;
    private final HttpClient callbackClient = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final Map<String, StreamEntity> streams = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    private ContractService(HttpServer server) {
        this.server = server;
        this.handlers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "contract-service");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
    }

    /** Starts a service listening on {@code port} of every interface; 0 picks a free port. */
    public static ContractService start(int port) throws IOException {
        ContractService service = new ContractService(HttpServer.create(new InetSocketAddress(port), 0));
        service.server.start();
        return service;
    }

    /** Runs the service until the harness sends {@code DELETE /}: {@code --port N}, 8000 by default. */
    public static void main(String[] args) throws IOException, InterruptedException {
        int port = 8000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                port = Integer.parseInt(args[++i]);
            } else {
                System.err.println("usage: java -jar contract-service.jar [--port N]");
                System.exit(2);
            }
        }
        try (ContractService service = start(port)) {
            LOG.info("herald contract test service listening on port " + service.port());
            service.awaitStop();
        }
    }

    /** The port the service listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Blocks until {@code DELETE /} or {@link #close()}. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Closes every stream and stops listening; closing again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        streams.values().forEach(StreamEntity::close);
        streams.clear();
        server.stop(0);
        handlers.shutdownNow();
        stopped.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/")) {
                switch (method) {
                    case "GET" -> respondJson(exchange, ServiceStatus.herald());
                    case "POST" -> create(exchange);
                    case "DELETE" -> stopSoon(exchange);
                    default -> respond(exchange, 405, "");
                }
            } else if (path.startsWith(STREAMS)) {
                String id = path.substring(STREAMS.length());
                StreamEntity stream = streams.get(id);
                if (stream == null) {
                    respond(exchange, 404, "no stream " + id);
                    return;
                }
                switch (method) {
                    case "POST" -> command(exchange, stream);
                    case "DELETE" -> {
                        streams.remove(id);
                        stream.close();
                        respond(exchange, 204, "");
                    }
                    default -> respond(exchange, 405, "");
                }
            } else {
                respond(exchange, 404, "");
            }
        } catch (RuntimeException e) {
            LOG.warning("request failed: " + e);
            throw e;
        }
    }

    private void create(HttpExchange exchange) throws IOException {
        StreamParams params = readJson(exchange, StreamParams.class);
        if (params == null) {
            return;
        }
        if (params.streamUrl() == null || params.callbackUrl() == null) {
            respond(exchange, 400, "streamUrl and callbackUrl are required");
            return;
        }
        String id = Integer.toString(nextId.incrementAndGet());
        StreamEntity stream;
        try {
            stream = new StreamEntity(params, new CallbackSender(callbackClient, json, params.callbackUrl(), id));
        } catch (IllegalArgumentException e) {
            respond(exchange, 400, e.getMessage());
            return;
        }
        LOG.fine(() -> "stream " + id + " for test " + params.tag());
        streams.put(id, stream);
        stream.start();
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null) {
            host = "localhost:" + port();
        }
        exchange.getResponseHeaders().set("Location", "http://" + host + STREAMS + id);
        respond(exchange, 201, "");
    }

    private void command(HttpExchange exchange, StreamEntity stream) throws IOException {
        CommandParams command = readJson(exchange, CommandParams.class);
        if (command == null) {
            return;
        }
        if ("restart".equals(command.command())) {
            stream.restart();
            respond(exchange, 204, "");
        } else if ("listen".equals(command.command()) && command.listen() != null && command.listen().type() != null) {
            stream.listen(command.listen().type());
            respond(exchange, 204, "");
        } else {
            respond(exchange, 400, "unknown or incomplete command: " + command);
        }
    }

    private void stopSoon(HttpExchange exchange) throws IOException {
        respond(exchange, 204, "");
        // Stopping the server from its own handler would wait for this very exchange to finish.
        Thread stopper = new Thread(this::close, "contract-service-stop");
        stopper.setDaemon(true);
        stopper.start();
    }

    /** The request body as {@code type}, or null after answering 400 when it is not valid JSON for it. */
    private <T> T readJson(HttpExchange exchange, Class<T> type) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            T value = json.readValue(body, type);
            if (value == null) {
                respond(exchange, 400, "empty body");
            }
            return value;
        } catch (JsonProcessingException e) {
            respond(exchange, 400, "invalid JSON: " + e.getOriginalMessage());
            return null;
        }
    }

    private void respondJson(HttpExchange exchange, Object value) throws IOException {
        byte[] body = json.writeValueAsBytes(value);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        if (status == 204 || body.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
