package dev.herald.servlet;

import dev.herald.hub.FrontEnd;
import dev.herald.hub.Hub;
import dev.herald.hub.TestHub;
import java.net.InetSocketAddress;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The hub mounted at its default path in a real embedded Jetty 12 (EE 10), on a free loopback port. */
public final class JettyFrontEnd implements FrontEnd {

    static final String PATH = "/.well-known/mercure";

    @Override
    public String name() {
        return "jetty";
    }

    @Override
    public TestHub start(Hub.Builder builder) throws Exception {
        Hub hub = builder.listen(false).build().start();
        Server server = new Server();
        // Subscription ids in the subscriptions API's paths hold encoded slashes (%2F), which Jetty refuses as
        // ambiguous unless told to accept them.
        HttpConfiguration http = new HttpConfiguration();
        http.setUriCompliance(UriCompliance.DEFAULT.with("herald", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        ServletHolder servlet = new ServletHolder(new HubServlet(hub, PATH));
        servlet.setAsyncSupported(true);
        for (String mapping : HubServlet.urlMappings(PATH)) {
            context.addServlet(servlet, mapping);
        }
        server.setHandler(context);
        server.start();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", connector.getLocalPort());
        return new TestHub() {
            @Override
            public Hub hub() {
                return hub;
            }

            @Override
            public String url() {
                return "http://127.0.0.1:" + address.getPort() + PATH;
            }

            @Override
            public InetSocketAddress address() {
                return address;
            }

            @Override
            public void close() {
                hub.close();
                try {
                    server.stop();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot stop Jetty", e);
                }
            }
        };
    }
}
