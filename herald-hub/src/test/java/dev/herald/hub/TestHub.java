package dev.herald.hub;

import java.net.InetSocketAddress;

/**
 * A hub under test as its clients reach it: through the hub's own Netty server, or mounted in a servlet container
 * (herald-servlet's tests run the protocol tests that way, by {@link FrontEnd}).
 */
public interface TestHub extends AutoCloseable {

    /** The hub itself, for publishing from Java. */
    Hub hub();

    /** The hub's URL, {@code http://127.0.0.1:port/.well-known/mercure}. */
    String url();

    /** The address the front-end listens on. */
    InetSocketAddress address();

    /** Publishes from Java; returns the update's id. */
    default String publish(Update update) {
        return hub().publish(update);
    }

    /** Stops the front-end and the hub. */
    @Override
    void close();

    /** {@code hub} reached at {@code url}, on {@code address}, through {@code server}, stopped after the hub. */
    static TestHub of(Hub hub, String url, InetSocketAddress address, AutoCloseable server) {
        return new TestHub() {
            @Override
            public Hub hub() {
                return hub;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public InetSocketAddress address() {
                return address;
            }

            @Override
            public void close() {
                hub.close();
                try {
                    server.close();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot stop the front-end", e);
                }
            }
        };
    }
}
