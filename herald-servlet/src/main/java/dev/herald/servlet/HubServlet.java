package dev.herald.servlet;

import dev.herald.hub.Hub;
import jakarta.servlet.http.HttpServlet;
import java.util.List;
import java.util.Objects;

/**
 * The hub served by a servlet container, at a path of the application. Register it with asynchronous support at
 * each of {@link #urlMappings(String)}; the {@link Hub} must be built with {@code listen(false)} and started.
 */
public final class HubServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Hub hub;
    private final String hubPath;

    /** Serves {@code hub} at {@code hubPath} (relative to the application's context path). */
    public HubServlet(Hub hub, String hubPath) {
        this.hub = Objects.requireNonNull(hub, "hub");
        this.hubPath = Objects.requireNonNull(hubPath, "hubPath");
    }

    /** The URL patterns to map this servlet at: the hub, its subscriptions API, its protected-resource metadata. */
    public static List<String> urlMappings(String hubPath) {
        return List.of(hubPath, hubPath + "/*", "/.well-known/oauth-protected-resource" + hubPath);
    }
}
