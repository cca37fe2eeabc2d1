package dev.herald.servlet;

import dev.herald.hub.FrontEnd;
import dev.herald.hub.Hub;
import dev.herald.hub.TestHub;
import jakarta.servlet.ServletRegistration;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/** The hub mounted at its default path in a real embedded Tomcat, on a free loopback port. */
public final class TomcatFrontEnd implements FrontEnd {

    static final String PATH = "/.well-known/mercure";

    @Override
    public String name() {
        return "tomcat";
    }

    @Override
    public TestHub start(Hub.Builder builder) throws Exception {
        Hub hub = builder.listen(false).build().start();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("herald-tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        // Subscription ids in the subscriptions API's paths hold encoded slashes (%2F), which Tomcat refuses unless
        // told to pass them through.
        connector.setEncodedSolidusHandling("passthrough");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        // Registered through the servlet API, as an application registers it.
        context.addServletContainerInitializer((classes, servletContext) -> {
            ServletRegistration.Dynamic servlet = servletContext.addServlet("herald", new HubServlet(hub, PATH));
            servlet.setAsyncSupported(true);
            servlet.addMapping(HubServlet.urlMappings(PATH).toArray(String[]::new));
        }, null);
        tomcat.start();
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
                    tomcat.stop();
                    tomcat.destroy();
                } catch (LifecycleException e) {
                    throw new IllegalStateException("cannot stop Tomcat", e);
                }
            }
        };
    }
}
