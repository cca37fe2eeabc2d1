package dev.herald.redis;

import io.lettuce.core.RedisCommandExecutionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * A link shared by every caller (Lettuce pipelines their commands), with what was prepared on it when it opened
 * ({@code T}: the link itself, or the master and replica count appends need).
 *
 * <p>Its connections do not reconnect by themselves (see {@link ConnectionSettings}): when a command fails, the
 * caller {@linkplain #discard discards} the link, and the next command opens a new one, which finds the master anew
 * (after a Sentinel failover, or a change of a cluster's topology). Callers that ask while a link opens are answered
 * in the order they asked, so commands one caller issued in order are sent in that order.
 *
 * @param <T> what callers get: a link, prepared
 */
final class CommandConnection<T> implements AutoCloseable {

    /** Error replies saying the command went to the wrong server: the topology changed. */
    private static final List<String> ELSEWHERE = List.of("READONLY", "MOVED", "ASK", "CLUSTERDOWN", "MASTERDOWN",
            "LOADING", "TRYAGAIN", "NOREPLICAS", "UNBLOCKED");

    private final RedisEndpoint endpoint;
    private final Function<RedisLink, CompletableFuture<T>> prepare;
    private final Function<T, RedisLink> linkOf;
    private final List<CompletableFuture<T>> waiting = new ArrayList<>();
    private T ready;
    private boolean opening;
    private boolean closed;

    CommandConnection(RedisEndpoint endpoint, Function<RedisLink, CompletableFuture<T>> prepare,
            Function<T, RedisLink> linkOf) {
        this.endpoint = endpoint;
        this.prepare = prepare;
        this.linkOf = linkOf;
    }

    /** A connection whose callers get the link itself. */
    static CommandConnection<RedisLink> plain(RedisEndpoint endpoint) {
        return new CommandConnection<>(endpoint, CompletableFuture::completedFuture, link -> link);
    }

    /** An open link, opening one when there is none; fails when Redis cannot be reached. */
    synchronized CompletableFuture<T> link() {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the transport is closed"));
        }
        if (ready != null && linkOf.apply(ready).isOpen()) {
            return CompletableFuture.completedFuture(ready);
        }
        ready = null; // closed already: Lettuce would only warn that it is
        CompletableFuture<T> mine = new CompletableFuture<>();
        waiting.add(mine);
        if (!opening) {
            opening = true;
            endpoint.open().thenCompose(link -> prepare.apply(link).whenComplete((prepared, failure) -> {
                if (failure != null) {
                    link.closeAsync();
                }
            })).whenComplete(this::opened);
        }
        return mine;
    }

    private synchronized void opened(T prepared, Throwable failure) {
        opening = false;
        if (failure == null && closed) {
            linkOf.apply(prepared).closeAsync();
            failure = new IllegalStateException("the transport is closed");
        }
        if (failure == null) {
            ready = prepared;
        }
        List<CompletableFuture<T>> answered = new ArrayList<>(waiting);
        waiting.clear();
        // In order, under the lock: each caller's first command is sent before the next caller's, and before any
        // later caller's, which finds the link ready.
        for (CompletableFuture<T> caller : answered) {
            if (failure == null) {
                caller.complete(prepared);
            } else {
                caller.completeExceptionally(failure);
            }
        }
    }

    /**
     * Drops {@code link} after a command on it failed: a master that went away, was demoted (READONLY), or a slot
     * that moved. Commands already sent on it fail on their own; the next caller opens a new link.
     */
    synchronized void discard(T link) {
        if (ready == link) {
            ready = null;
            linkOf.apply(link).closeAsync();
        }
    }

    /**
     * Whether a command's failure means its link is to be dropped: anything but an error reply of Redis's, except
     * those saying this is no longer the right server (READONLY from a demoted master, MOVED, CLUSTERDOWN...), and
     * other than replicas that did not confirm in time.
     */
    static boolean mustDiscard(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ReplicasBehindException) {
            return false;
        }
        if (cause instanceof RedisCommandExecutionException reply) {
            String message = String.valueOf(reply.getMessage());
            return ELSEWHERE.stream().anyMatch(message::startsWith);
        }
        return true;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (ready != null) {
            linkOf.apply(ready).closeAsync();
            ready = null;
        }
    }
}
