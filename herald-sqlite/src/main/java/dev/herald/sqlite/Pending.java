package dev.herald.sqlite;

import dev.herald.hub.Update;
import java.util.concurrent.CompletableFuture;

/** An update waiting in the writer's queue, and the future its publisher waits on. */
record Pending(Update update, CompletableFuture<Void> stored) {
}
