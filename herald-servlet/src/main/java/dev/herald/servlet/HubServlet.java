package dev.herald.servlet;

import dev.herald.hub.Hub;
import dev.herald.hub.internal.assembly.HubInternals;
import dev.herald.hub.internal.http.HubContext;
import dev.herald.hub.internal.http.Routes;
import dev.herald.servlet.internal.ServletExchange;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub served by a servlet container at a path of the application, through the same endpoints and dispatch as
 * the hub's own Netty server: subscribers' streams are asynchronous requests written without blocking, each update
 * encoded once for all of them. Register it with asynchronous support at each of {@link #urlMappings(Hub)}; the
 * {@link Hub} must be built with {@code listen(false)} and started, and closed by the application. It is served at
 * the hub's path ({@code HubBuilder.path}, by default {@code /.well-known/mercure}) under the application's context
 * path, and names its subscription events there.
 *
 * <p>On Tomcat, set the connector's {@code encodedSolidusHandling} to {@code passthrough}: the subscriptions API's
 * paths carry topics with encoded slashes ({@code %2F}), which Tomcat refuses by default. A subscriber that leaves is
 * noticed at the next write to it (an update or the heartbeat): the servlet API tells of no closed connection sooner.
 *
 * <pre>{@code
 * Hub hub = Hub.builder().listen(false).jwtKey(key).build().start();
 * ServletRegistration.Dynamic hubServlet = context.addServlet("herald", new HubServlet(hub));
 * hubServlet.setAsyncSupported(true);
 * hubServlet.addMapping(HubServlet.urlMappings(hub).toArray(String[]::new));
 * }</pre>
 */
public final class HubServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HubServlet.class);
    /** The longest the container's thread waits for an answer (a replay read from a remote history, say). */
    private static final Duration ANSWER_LIMIT = Duration.ofSeconds(30);

    private final transient HubContext hub;
    private final transient Routes routes;
    private final String hubPath;

    /** Serves {@code hub} at its path, relative to the application's context path. */
    public HubServlet(Hub hub) {
        this.hub = HubInternals.contextOf(Objects.requireNonNull(hub, "hub"));
        this.routes = new Routes(this.hub, false);
        this.hubPath = this.hub.settings().path();
    }

    /**
     * The URL patterns to map this servlet at, relative to the context path: the hub, its subscriptions API, its
     * protected-resource metadata.
     */
    public static List<String> urlMappings(Hub hub) {
        String hubPath = HubInternals.contextOf(Objects.requireNonNull(hub, "hub")).settings().path();
        return List.of(hubPath, hubPath + "/*", "/.well-known/oauth-protected-resource" + hubPath);
    }

    /** Tells the hub the path its clients reach it at: its own under the application's context path. */
    @Override
    public void init() {
        hub.mount().servedAt(getServletContext().getContextPath() + hubPath);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body;
        try {
            body = readBody(request);
        } catch (TooLarge e) {
            response.setHeader("Connection", "close");
            response.sendError(413, "the request body is over the hub's limit of " + e.limit + " bytes");
            return;
        }
        AsyncContext async = request.startAsync();
        // A stream lasts as long as its subscriber stays: no container timeout may end it.
        async.setTimeout(0);
        ServletExchange exchange = new ServletExchange(hub, request, response, async, body,
                request.getContextPath() + hubPath);
        // Served on the hub's event loop that the request's stream, if it becomes one, lives on: a stream is touched
        // only there, as on the hub's own server, so that it needs no locks. This thread waits for the answer and
        // applies it to the response itself: the response is changed on the container's thread only, as its
        // filters expect.
        exchange.loop().execute(() -> serve(exchange));
        try {
            if (!exchange.awaitAnswer(ANSWER_LIMIT)) {
                LOG.warn("{} {}: no answer within {}", exchange.method(), exchange.path(), ANSWER_LIMIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(ServletExchange exchange) {
        try {
            routes.serve(exchange);
        } catch (RuntimeException e) {
            // A fault of the hub's own: the client is told so, rather than seeing its request hang.
            LOG.error("{} {} failed", exchange.method(), exchange.path(), e);
            exchange.fail();
        }
    }

    /** The request's body, read whole (publications are small and bounded); over the hub's limit it is refused. */
    private byte[] readBody(HttpServletRequest request) throws IOException, TooLarge {
        int limit = hub.settings().maxRequestBytes();
        if (request.getContentLengthLong() > limit) {
            throw new TooLarge(limit);
        }
        if (request.getContentLengthLong() == 0 || "GET".equals(request.getMethod())) {
            return new byte[0];
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw new TooLarge(limit);
            }
            return body;
        }
    }

    /** A request body over the hub's limit. */
    private static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;
        final int limit;

        TooLarge(int limit) {
            super(null, null, false, false);
            this.limit = limit;
        }
    }
}
