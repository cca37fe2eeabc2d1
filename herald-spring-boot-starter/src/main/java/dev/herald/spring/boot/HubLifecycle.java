package dev.herald.spring.boot;

import dev.herald.hub.Hub;
import org.springframework.context.SmartLifecycle;

/**
 * Closes the hub when the application begins to stop, before the web server's graceful shutdown: that shutdown waits
 * for requests in progress, and a subscriber's stream is one that never finishes by itself, so every stop would last
 * the whole grace period. Its subscribers are told nothing more than that the stream ended, and reconnect (to
 * another node, or to this application once it is back).
 */
class HubLifecycle implements SmartLifecycle {

    /**
     * After the application's own lifecycles ({@link SmartLifecycle#DEFAULT_PHASE}), which may still publish, and
     * before Spring Boot's graceful shutdown of the web server ({@code DEFAULT_PHASE - 1024}).
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private final Hub hub;
    private volatile boolean running;

    HubLifecycle(Hub hub) {
        this.hub = hub;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        hub.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
