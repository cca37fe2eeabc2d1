package dev.herald.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.client.EventSource;
import dev.herald.client.EventSourceListener;
import dev.herald.client.ReadyState;
import dev.herald.core.MessageEvent;
import java.io.EOFException;
import java.io.PrintStream;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
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

    @Parameters(paramLabel = "URL", converter = BrowserUrl.class,
            description = "The event stream's URL; characters a browser would percent-encode ({, }, a space...) "
                    + "are encoded as it would.")
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

    /**
     * Reads a URL as a browser's address bar does, so that a URL copied from one, or typed with a URI template's
     * braces, works: a character a URL cannot hold as it is (a space, {@code { } | " < > \\ ^ `}, a control
     * character, non-ASCII) is percent-encoded as UTF-8, an existing {@code %XX} stays as it is (nothing is encoded
     * twice), tabs and line breaks are dropped, and a non-ASCII host name becomes its IDNA form. Browsers leave
     * some of these raw in a query, which {@link URI} cannot hold; the server decodes both forms alike.
     */
    static final class BrowserUrl implements ITypeConverter<URI> {

        private static final String ALLOWED = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                + "-._~!$&'()*+,;=:@/?";
        private static final HexFormat HEX = HexFormat.of().withUpperCase();

        @Override
        public URI convert(String value) {
            String input = value.strip().replaceAll("[\\t\\n\\r]", "");
            int scheme = input.indexOf("://");
            if (scheme <= 0) {
                throw new TypeConversionException("'" + value + "' is not an absolute URL, such as "
                        + "http://127.0.0.1:8080/.well-known/mercure?topic=news");
            }
            int authorityStart = scheme + 3;
            int authorityEnd = authorityStart;
            while (authorityEnd < input.length() && "/?#".indexOf(input.charAt(authorityEnd)) < 0) {
                authorityEnd++;
            }
            String url = input.substring(0, authorityStart)
                    + authority(input.substring(authorityStart, authorityEnd))
                    + encode(input.substring(authorityEnd), true);
            try {
                URI uri = new URI(url);
                if (uri.getHost() == null) {
                    throw new TypeConversionException("'" + value + "' has no host");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new TypeConversionException("'" + value + "' is not a URL: " + e.getMessage());
            }
        }

        /** The host in its IDNA form when it is not ASCII; user information encoded like the rest. */
        private static String authority(String authority) {
            int at = authority.lastIndexOf('@');
            String userInfo = at < 0 ? "" : encode(authority.substring(0, at), false) + "@";
            String hostAndPort = authority.substring(at + 1);
            if (hostAndPort.startsWith("[")) {
                return userInfo + hostAndPort; // an IPv6 literal
            }
            int colon = hostAndPort.lastIndexOf(':');
            String host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
            String port = colon < 0 ? "" : hostAndPort.substring(colon);
            try {
                return userInfo + IDN.toASCII(host, IDN.ALLOW_UNASSIGNED) + port;
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + host + "' is not a host name: " + e.getMessage());
            }
        }

        /** Percent-encodes what a URL cannot hold as it is; the first '#' (when allowed) starts the fragment. */
        private static String encode(String part, boolean fragmentAllowed) {
            StringBuilder encoded = new StringBuilder(part.length() + 16);
            boolean fragment = !fragmentAllowed;
            for (int i = 0; i < part.length(); ) {
                int c = part.codePointAt(i);
                int next = i + Character.charCount(c);
                if (c == '%' && i + 2 < part.length() && isHex(part.charAt(i + 1)) && isHex(part.charAt(i + 2))) {
                    encoded.append(part, i, i + 3); // already encoded
                    next = i + 3;
                } else if (c == '#' && !fragment) {
                    fragment = true;
                    encoded.append('#');
                } else if (c < 128 && ALLOWED.indexOf(c) >= 0) {
                    encoded.append((char) c);
                } else {
                    for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                        encoded.append('%').append(HEX.toHexDigits(b));
                    }
                }
                i = next;
            }
            return encoded.toString();
        }

        private static boolean isHex(char c) {
            return Character.digit(c, 16) >= 0;
        }
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
