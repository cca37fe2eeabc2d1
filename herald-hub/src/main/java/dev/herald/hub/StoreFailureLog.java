package dev.herald.hub;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * A durable transport's log of publishes it could not store: at most one line a second, counting the publishes
 * answered 503 since the previous line. An outage fails every batch, hundreds a second under load, and a line each
 * would bury everything else. Used by one writer thread; not thread-safe.
 */
public final class StoreFailureLog {

    private final Logger log;
    private long lastLogged = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);
    private long failedSinceLogged;

    /** Logs, as errors, to {@code log}: the transport's own logger. */
    public StoreFailureLog(Logger log) {
        this.log = log;
    }

    /** {@code publishes} publishes were refused because of {@code message}: logged unless a line went out this second. */
    public void failed(String message, int publishes) {
        long now = System.nanoTime();
        if (now - lastLogged >= TimeUnit.SECONDS.toNanos(1)) {
            log.error("{}; {} publish(es) answered 503, {} more since the previous line", message, publishes,
                    failedSinceLogged);
            lastLogged = now;
            failedSinceLogged = 0;
        } else {
            failedSinceLogged += publishes;
        }
    }
}
