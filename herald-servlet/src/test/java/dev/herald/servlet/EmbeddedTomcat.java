package dev.herald.servlet;

import dev.herald.hub.Hub;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletRegistration;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/** A real embedded Tomcat on a free loopback port, serving a hub through {@link HubServlet}. */
final class EmbeddedTomcat implements AutoCloseable {

    private final Tomcat tomcat = new Tomcat();
    private final Connector connector = new Connector();

    /**
     * Starts Tomcat with the hub (at its own path) in the application at {@code contextPath}.
     *
     * @param timeout the connector's connection and keep-alive timeouts, if not Tomcat's defaults
     * @param filter a filter in front of the hub, such as the application's login
     */
    EmbeddedTomcat(Hub hub, String contextPath, Optional<Duration> timeout, Optional<Filter> filter)
            throws Exception {
        tomcat.setBaseDir(Files.createTempDirectory("herald-tomcat").toString());
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        // Subscription ids in the subscriptions API's paths hold encoded slashes (%2F), which Tomcat refuses unless
        // told to pass them through.
        connector.setEncodedSolidusHandling("passthrough");
        timeout.ifPresent(limit -> {
            connector.setProperty("connectionTimeout", Long.toString(limit.toMillis()));
            connector.setProperty("keepAliveTimeout", Long.toString(limit.toMillis()));
        });
        tomcat.setConnector(connector);
        Context context = tomcat.addContext(contextPath, null);
        // Registered through the servlet API, as an application registers it.
        context.addServletContainerInitializer((classes, servletContext) -> {
            ServletRegistration.Dynamic servlet = servletContext.addServlet("herald", new HubServlet(hub));
            servlet.setAsyncSupported(true);
            servlet.addMapping(HubServlet.urlMappings(hub).toArray(String[]::new));
            filter.ifPresent(login -> {
                FilterRegistration.Dynamic registration = servletContext.addFilter("login", login);
                registration.setAsyncSupported(true);
                registration.addMappingForUrlPatterns(null, false, "/*");
            });
        }, null);
        tomcat.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("cannot stop Tomcat", e);
        }
    }
}
