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
}
