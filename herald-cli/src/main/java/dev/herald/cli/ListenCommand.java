package dev.herald.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.client.EventSource;
import dev.herald.client.EventSourceListener;
import dev.herald.client.ReadyState;
import dev.herald.core.MessageEvent;
import java.io.EOFException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code herald listen URL}: subscribes like a browser's EventSource and prints each event as one line of JSON
 * ({@code type}, {@code data}, {@code lastEventId}); diagnostics go to standard error.
 */
@Command(name = "listen", mixinStandardHelpOptions = true,
        description = {"Subscribe to an event stream and print each event as a line of JSON "
            + "{\"type\",\"data\",\"lastEventId\"}.",
            "Reconnects as browsers do. Exit status 0 after a 204 or --max-events; 1 when the connection fails "
                + "for good."})
final class ListenCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "URL", description = "The event stream's URL.")
    URI url;

    @Option(names = {"-H", "--header"}, description = "A request header, 'Name: value'; repeatable.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--last-event-id", description = "Start from this event id (sent as Last-Event-ID).")
    String lastEventId;

    @Option(names = {"-X", "--method"}, description = "The request method (default GET, or POST with --data).")
    String method;

    @Option(names = {"-d", "--data"}, description = "A request body, e.g. a JSON prompt for an LLM stream.")
    String data;

    @Option(names = "--max-events", description = "Stop after this many events.")
    long maxEvents = Long.MAX_VALUE;

    @Option(names = "--no-reconnect", description = "Do not reconnect when the stream ends or fails.")
    boolean noReconnect;

    @Option(names = "--idle-timeout", description = "Reconnect when nothing arrives for this long, e.g. 60s.")
    Duration idleTimeout;

    @Override
    public Integer call() throws InterruptedException {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        EventSource.Builder builder = EventSource.builder(url);
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new ParameterException(spec.commandLine(), "a header is 'Name: value', got '" + header + "'");
            }
            builder.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        if (lastEventId != null) {
            builder.lastEventId(lastEventId);
        }
        if (data != null || method != null) {
            builder.method(method != null ? method : "POST", data != null ? data : "");
        }
        if (idleTimeout != null) {
            builder.idleTimeout(idleTimeout);
        }

        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicLong printed = new AtomicLong();
        EventSource source = builder.listener(new EventSourceListener() {
            @Override
            public void onOpen(EventSource source, HttpResponse.ResponseInfo response) {
                System.err.println("herald listen: connected to " + url + " (" + response.statusCode() + ")");
            }

            @Override
            public void onEvent(EventSource source, MessageEvent event) {
                ObjectNode line = JSON.createObjectNode()
                        .put("type", event.type()).put("data", event.data()).put("lastEventId", event.lastEventId());
                out.println(line.toString());
                out.flush();
                if (printed.incrementAndGet() >= maxEvents) {
                    source.close();
                }
            }

            @Override
            public void onError(EventSource source, Throwable error) {
                boolean cleanEnd = error instanceof EOFException;
                if (source.state() == ReadyState.CLOSED) {
                    failure.set(describe(error));
                } else if (noReconnect) {
                    if (!cleanEnd) {
                        failure.set(describe(error));
                    }
                    source.close();
                } else {
                    System.err.println("herald listen: " + (cleanEnd ? "stream ended" : describe(error))
                            + "; reconnecting in " + source.reconnectionTime().toMillis() + " ms");
                }
            }

            @Override
            public void onClosed(EventSource source) {
                closed.countDown();
            }
        }).connect();
        Runtime.getRuntime().addShutdownHook(new Thread(source::close, "herald-listen-shutdown"));
        closed.await();
        out.flush();
        if (failure.get() != null) {
            System.err.println("herald listen: " + failure.get());
            return 1;
        }
        return 0;
    }

    private String describe(Throwable error) {
        if (error instanceof java.net.ConnectException) {
            return "cannot connect to " + url.getHost() + ":" + url.getPort() + " (connection refused)";
        }
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        // One line, whatever the server's body held.
        message = message.strip().replaceAll("\\s+", " ");
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }
}
