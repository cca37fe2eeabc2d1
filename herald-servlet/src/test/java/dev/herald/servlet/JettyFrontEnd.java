package dev.herald.servlet;

import dev.herald.hub.FrontEnd;
import dev.herald.hub.Hub;
import dev.herald.hub.HubBuilder;
import dev.herald.hub.TestHub;
import java.net.InetSocketAddress;
import java.util.Optional;

/** The hub mounted at its default path in a real embedded Jetty, on a free loopback port. */
public final class JettyFrontEnd implements FrontEnd {

    static final String PATH = "/.well-known/mercure";

    @Override
    public String name() {
        return "jetty";
    }

    @Override
    public TestHub start(HubBuilder builder) throws Exception {
        Hub hub = builder.listen(false).build().start();
        EmbeddedJetty container = new EmbeddedJetty(hub, Optional.empty());
        return TestHub.of(hub, "http://127.0.0.1:" + container.port() + PATH,
                new InetSocketAddress("127.0.0.1", container.port()), container);
    }
}
