package dev.herald.servlet;

import dev.herald.hub.Hub;
import dev.herald.hub.frontend.Headers;
import dev.herald.hub.frontend.HubFrontEnd;
import dev.herald.hub.frontend.HubRequest;
import dev.herald.hub.frontend.HubResponse;
import dev.herald.servlet.internal.ServletChannel;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The hub served by a servlet container at a path of the application, through the same endpoints and dispatch as
 * the hub's own Netty server: subscribers' streams are asynchronous requests written without blocking, each update
 * encoded once for all of them. Register it with asynchronous support at each of {@link #urlMappings(Hub)}; the
 * {@link Hub} must be built with {@code listen(false)} and started, and closed by the application. It is served at
 * the hub's path ({@code HubBuilder.path}, by default {@code /.well-known/mercure}) under the application's context
 * path, and names its subscription events there.
 *
 * <p>Each request is served on one of the hub's loops while the container's thread goes back to the container; the
 * hub's answer is dispatched back to the container ({@code AsyncContext.dispatch}), whose thread applies it, so that
 * the response is changed on the container's threads only, as its filters expect.
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

    private final transient HubFrontEnd hub;

    /** Serves {@code hub} at its path, relative to the application's context path. */
    public HubServlet(Hub hub) {
        this.hub = HubFrontEnd.of(Objects.requireNonNull(hub, "hub"));
    }

    /**
     * The URL patterns to map this servlet at, relative to the context path: the hub, its subscriptions API, its
     * protected-resource metadata.
     */
    public static List<String> urlMappings(Hub hub) {
        String path = HubFrontEnd.of(Objects.requireNonNull(hub, "hub")).path();
        return List.of(path, path + "/*", "/.well-known/oauth-protected-resource" + path);
    }

    /** Tells the hub the path its clients reach it at: its own under the application's context path. */
    @Override
    public void init() {
        hub.servedAt(getServletContext().getContextPath() + hub.path());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getDispatcherType() == DispatcherType.ASYNC
                && request.getAttribute(ServletChannel.ATTRIBUTE) instanceof ServletChannel channel) {
            channel.apply(request); // the hub's answer, back on a container thread
            return;
        }
        Optional<ByteBuffer> body = readBody(request);
        if (body.isEmpty()) {
            refuse(response, hub.bodyTooLarge());
            return;
        }
        HubRequest hubRequest = new HubRequest(request.getMethod(), request.getRequestURI(),
                request.getQueryString() == null ? "" : request.getQueryString(), headersOf(request), body.get(),
                // Read now, on the container's thread: an application's security (Spring Security keeps the user in
                // a thread-local) would not find its principal on the hub's loop.
                Optional.ofNullable(request.getUserPrincipal()), request.getScheme(), localAuthority(request));
        ServletChannel channel = new ServletChannel(request, response, request.startAsync());
        channel.servedAs(hub.serve(hubRequest, channel));
    }

    /** The request's body, read whole (publications are small and bounded); empty when over the hub's limit. */
    private Optional<ByteBuffer> readBody(HttpServletRequest request) throws IOException {
        int limit = hub.maxRequestBytes();
        if (request.getContentLengthLong() > limit) {
            return Optional.empty();
        }
        if (request.getContentLengthLong() == 0 || "GET".equals(request.getMethod())) {
            return Optional.of(ByteBuffer.allocate(0));
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(limit + 1);
            return body.length > limit ? Optional.empty() : Optional.of(ByteBuffer.wrap(body));
        }
    }

    private static void refuse(HttpServletResponse response, HubResponse refusal) throws IOException {
        response.setStatus(refusal.status());
        for (Map.Entry<String, String> header : refusal.headers()) {
            response.addHeader(header.getKey(), header.getValue());
        }
        response.getOutputStream().write(refusal.body());
    }

    private static Headers headersOf(HttpServletRequest request) {
        Headers headers = new Headers();
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                headers.add(name, value);
            }
        }
        return headers;
    }

    private static String localAuthority(HttpServletRequest request) {
        String host = request.getServerName();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + request.getServerPort();
    }
}
