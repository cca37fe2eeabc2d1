package dev.herald.servlet;

import dev.herald.hub.FrontEnd;
import dev.herald.hub.Hub;
import dev.herald.hub.HubBuilder;
import dev.herald.hub.TestHub;
import java.net.InetSocketAddress;
import java.util.Optional;

/** The hub mounted at its default path in a real embedded Tomcat, on a free loopback port. */
public final class TomcatFrontEnd implements FrontEnd {

    static final String PATH = "/.well-known/mercure";

    @Override
    public String name() {
        return "tomcat";
    }

    @Override
    public TestHub start(HubBuilder builder) throws Exception {
        Hub hub = builder.listen(false).build().start();
        EmbeddedTomcat container = new EmbeddedTomcat(hub, "", Optional.empty(), Optional.empty());
        return TestHub.of(hub, "http://127.0.0.1:" + container.port() + PATH,
                new InetSocketAddress("127.0.0.1", container.port()), container);
    }
}
