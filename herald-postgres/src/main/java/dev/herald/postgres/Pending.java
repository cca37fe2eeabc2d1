package dev.herald.postgres;

import dev.herald.hub.Update;
import java.util.concurrent.CompletableFuture;

/** An append waiting for the writer: the update, and the publisher's answer once its transaction ends. */
record Pending(Update update, CompletableFuture<Void> stored) {
}
