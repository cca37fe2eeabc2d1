package dev.herald.hub.internal.publish;

import dev.herald.hub.Update;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A hub reached over HTTP, and how to publish to it.
 *
 * @param url the hub's URL, where updates are posted
 * @param token gives the publisher's token at each attempt; absent for none
 * @param client sends the requests
 * @param backoff how many attempts, and the waits between them
 * @param timeout the longest wait for the answer to one attempt
 */
public record RemoteHub(URI url, Optional<Supplier<String>> token, HttpClient client, Backoff backoff,
        Duration timeout) {

    /** Publishes {@code update}, attempt after attempt; the future completes with the id the hub answered. */
    public CompletableFuture<String> publish(Update update) {
        return RemotePublication.start(this, update);
    }

    /** One attempt's request, with a token asked for now. */
    HttpRequest request(String form) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        token.ifPresent(supplier -> request.header("Authorization",
                "Bearer " + Objects.requireNonNull(supplier.get(), "the token supplier gave null")));
        return request.build();
    }
}
