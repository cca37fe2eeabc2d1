package dev.herald.hub;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The active subscriptions of every node sharing a transport's log, so that each node's subscriptions API lists
 * them all and the end of a dead node's subscriptions is announced: a transport shared by several nodes offers it
 * ({@link Transport#presence()}). Subscriptions are JSON documents as the subscriptions API shows them, each under
 * its id (its path in that API).
 */
public interface Presence {

    /** This node has the active subscription {@code id}, described by {@code document}. */
    void added(String id, String document);

    /** This node's subscription {@code id} ended. */
    void removed(String id);

    /** The documents of the active subscriptions of the other live nodes. */
    CompletableFuture<List<String>> others();

    /**
     * Starts keeping this node alive in the shared record, and telling {@code lost} the document of each
     * subscription of a node that stopped without ending them (its record expired): each once, on one node.
     */
    void start(Consumer<String> lost);
}
