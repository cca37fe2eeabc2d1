package dev.herald.servlet;

import dev.herald.hub.Hub;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A real embedded Jetty 12 (EE 10) on a free loopback port, serving a hub through {@link HubServlet}. */
final class EmbeddedJetty implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector;

    /**
     * Starts Jetty with the hub (at its own path) in the application at the root.
     *
     * @param idleTimeout the connector's idle timeout, if not Jetty's default
     */
    EmbeddedJetty(Hub hub, Optional<Duration> idleTimeout) throws Exception {
        // Subscription ids in the subscriptions API's paths hold encoded slashes (%2F), which Jetty refuses as
        // ambiguous unless told to accept them.
        HttpConfiguration http = new HttpConfiguration();
        http.setUriCompliance(UriCompliance.DEFAULT.with("herald", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        idleTimeout.ifPresent(limit -> connector.setIdleTimeout(limit.toMillis()));
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        ServletHolder servlet = new ServletHolder(new HubServlet(hub));
        servlet.setAsyncSupported(true);
        for (String mapping : HubServlet.urlMappings(hub)) {
            context.addServlet(servlet, mapping);
        }
        server.setHandler(context);
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop Jetty", e);
        }
    }
}
