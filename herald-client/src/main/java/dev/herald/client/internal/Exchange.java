package dev.herald.client.internal;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;

/**
 * One request of an event source and its response: the unit that a redirect, a reconnection or a close ends. Used
 * from the source's serial executor only, except {@link #response} and {@link #verdict}, which the client's thread
 * sets when headers arrive.
 */
final class Exchange {

    final RequestSpec request;
    /** How many redirects led to this request. */
    final int redirects;

    CompletableFuture<?> future;
    volatile HttpResponse.ResponseInfo response;
    /** What the response means; null until headers arrive. */
    volatile ResponseVerdict verdict;

    /** The event stream's body, once open. */
    Flow.Subscription body;
    boolean opened;
    long openedAt;

    /** Bytes were asked for (or headers are awaited) and have not come yet: the idle timeout runs. */
    boolean awaitingBytes;
    long awaitingSince;
    ScheduledFuture<?> idleCheck;

    boolean ended;

    Exchange(RequestSpec request, int redirects) {
        this.request = request;
        this.redirects = redirects;
    }

    /** Stops everything this exchange has under way; whatever it reports afterwards is ignored. */
    void end() {
        ended = true;
        awaitingBytes = false;
        if (idleCheck != null) {
            idleCheck.cancel(false);
            idleCheck = null;
        }
        if (body != null) {
            body.cancel();
        }
        if (future != null) {
            future.cancel(true);
        }
    }
}
