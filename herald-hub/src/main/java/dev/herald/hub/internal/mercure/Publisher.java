package dev.herald.hub.internal.mercure;

import dev.herald.hub.Update;
import java.util.concurrent.CompletableFuture;

/** Publishes an update through the hub's transport, as a publisher's request does: the hub's own events use it. */
@FunctionalInterface
public interface Publisher {

    /** Appends {@code update} to the log; completes with its id once stored. */
    CompletableFuture<String> publish(Update update);
}
