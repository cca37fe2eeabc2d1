package dev.herald.redis;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test opened (private Redis processes, hub nodes, subscribers), closed after each test in reverse order.
 * Registered as an extension so a failed assertion still stops the processes the test started.
 */
final class Opened implements AfterEachCallback {

    private final List<AutoCloseable> open = new ArrayList<>();

    /** Returns {@code resource}, to be closed after the test. */
    <T extends AutoCloseable> T track(T resource) {
        open.add(resource);
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        // Last opened first: a subscriber goes before its hub, a hub before the Redis it runs on.
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
    }
}
