package dev.herald.hub;

import java.util.ServiceLoader;

/**
 * What serves a hub under test: the hub's own server, or a servlet container found on the test class path
 * ({@code ServiceLoader}) and chosen by the system property {@code herald.test.frontend}.
 */
public interface FrontEnd {

    /** The name the system property selects, such as {@code tomcat}. */
    String name();

    /** Builds and starts the hub of {@code builder} behind this front-end, on a free loopback port. */
    TestHub start(HubBuilder builder) throws Exception;

    /** The front-end the tests run against: the property's, else the hub's own server. */
    static FrontEnd selected() {
        String name = System.getProperty("herald.test.frontend", "netty");
        if (name.equals("netty")) {
            return new Netty();
        }
        for (FrontEnd frontEnd : ServiceLoader.load(FrontEnd.class)) {
            if (frontEnd.name().equals(name)) {
                return frontEnd;
            }
        }
        throw new IllegalStateException("no front-end named " + name + " on the test class path");
    }

    /** The hub's own Netty server. */
    final class Netty implements FrontEnd {

        @Override
        public String name() {
            return "netty";
        }

        @Override
        public TestHub start(HubBuilder builder) {
            Hub hub = builder.build().start();
            return TestHub.of(hub, hub.url(), hub.address(), () -> { });
        }
    }
}
