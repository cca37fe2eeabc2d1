package dev.herald.hub.internal.publish;

import dev.herald.hub.PublishException;
import dev.herald.hub.TransportUnavailableException;
import dev.herald.hub.Update;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One update on its way to a remote hub, attempt after attempt, until the hub takes it, refuses it, or no attempt is
 * left. Every attempt sends the same form, so the same id. Attempts run one after the other, each started by the
 * end of the previous one, so the state needs no lock.
 */
final class RemotePublication {

    /** The most digits of {@code Retry-After} read as they are; anything longer is far beyond any wait anyway. */
    private static final int MAX_RETRY_AFTER_DIGITS = 9;

    private final RemoteHub hub;
    private final Update update;
    private final String form;
    private final CompletableFuture<String> result = new CompletableFuture<>();
    /** Why each attempt so far failed, in order. */
    private final List<Throwable> failures = new ArrayList<>();

    private RemotePublication(RemoteHub hub, Update update) {
        this.hub = hub;
        this.update = update;
        this.form = PublishForm.encode(update);
    }

    /** Makes the first attempt now, on the caller's thread; the future completes with the id the hub answered. */
    static CompletableFuture<String> start(RemoteHub hub, Update update) {
        RemotePublication publication = new RemotePublication(hub, update);
        publication.attempt();
        return publication.result;
    }

    private void attempt() {
        if (result.isDone()) {
            return; // cancelled by the caller: no more attempts
        }
        HttpRequest request;
        try {
            request = hub.request(form);
        } catch (UncheckedIOException e) {
            failed(e.getCause()); // a token service out of reach: worth another attempt, as a network error is
            return;
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        // Set when the answer's head arrives: a body cut off after it does not hide the hub's status.
        AtomicReference<HttpResponse.ResponseInfo> head = new AtomicReference<>();
        CompletableFuture<HttpResponse<String>> exchange;
        try {
            exchange = hub.client().sendAsync(request, info -> {
                head.set(info);
                return HttpResponse.BodyHandlers.ofString().apply(info);
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        exchange.whenComplete((response, error) -> {
            if (response != null) {
                answered(response.statusCode(), response.headers(), response.body());
            } else if (head.get() != null) {
                answered(head.get().statusCode(), head.get().headers(), "");
            } else {
                failed(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            }
        });
    }

    private void answered(int status, HttpHeaders headers, String body) {
        if (status >= 200 && status < 300) {
            // The hub answers the id it stored, which is the one sent; a body cut short does not change it.
            result.complete(body.isEmpty() ? update.id() : body);
        } else if (status == 503) {
            retry(new PublishException(status, body), retryAfter(headers));
        } else {
            result.completeExceptionally(new PublishException(status, body));
        }
    }

    /**
     * No answer came. Only a connection that was never made is tried again: then the hub cannot have the update.
     * After a timeout or a connection lost mid-request it may have stored it, and another attempt could publish it
     * twice, so the caller is told instead, with the update's id.
     */
    private void failed(Throwable error) {
        if (error instanceof ConnectException || error instanceof HttpConnectTimeoutException) {
            retry(error, Optional.empty());
        } else if (error instanceof IOException) {
            failures.add(error);
            TransportUnavailableException unknown = new TransportUnavailableException("the hub at " + hub.url()
                    + " did not answer for update " + update.id() + " (" + describe(error) + "): it may have been"
                    + " stored, so it was not sent again, which could publish it twice", error);
            failures.subList(0, failures.size() - 1).forEach(unknown::addSuppressed);
            result.completeExceptionally(unknown);
        } else {
            result.completeExceptionally(error);
        }
    }

    private void retry(Throwable failure, Optional<Duration> retryAfter) {
        failures.add(failure);
        Optional<Duration> wait = hub.backoff().after(failures.size(), retryAfter,
                () -> ThreadLocalRandom.current().nextDouble());
        if (wait.isEmpty()) {
            result.completeExceptionally(unavailable(retryAfter));
            return;
        }
        CompletableFuture.delayedExecutor(wait.get().toNanos(), TimeUnit.NANOSECONDS).execute(this::attempt);
    }

    /** The last failure as the cause, the earlier ones suppressed: the whole story in one stack trace. */
    private TransportUnavailableException unavailable(Optional<Duration> retryAfter) {
        int attempts = failures.size();
        Throwable last = failures.get(attempts - 1);
        String message = "the hub at " + hub.url() + " did not take update " + update.id() + " after " + attempts
                + (attempts == 1 ? " attempt" : " attempts")
                + (Backoff.tooLong(retryAfter) ? " (it asked to be retried after " + retryAfter.get().toSeconds()
                        + " s, longer than the " + Backoff.MAX_WAIT.toSeconds() + " s a publisher waits)" : "")
                + ": " + describe(last);
        TransportUnavailableException unavailable = new TransportUnavailableException(message, last);
        failures.subList(0, attempts - 1).forEach(unavailable::addSuppressed);
        return unavailable;
    }

    private static String describe(Throwable failure) {
        if (failure instanceof PublishException) {
            return failure.getMessage();
        }
        String name = failure.getClass().getSimpleName();
        return failure.getMessage() == null ? name : name + ": " + failure.getMessage();
    }

    /**
     * The wait a 503 asks for: {@code Retry-After} in seconds. An HTTP date, which Mercure hubs do not send, is
     * left to the backoff.
     */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        String value = headers.firstValue("Retry-After").orElse("").strip();
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        // Past nine digits the wait is decades: 999,999,999 seconds says as much, without overflow.
        return Optional.of(Duration.ofSeconds(value.length() > MAX_RETRY_AFTER_DIGITS ? 999_999_999L
                : Long.parseLong(value)));
    }
}
