package dev.herald.hub;

import dev.herald.hub.internal.publish.Backoff;
import dev.herald.hub.internal.publish.RemoteHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Publishes to a Mercure hub over HTTP: Herald or any other, such as the reference hub in Go. Each attempt POSTs the
 * Mercure form ({@code topic} for each topic, {@code id}, {@code data}, {@code type}, {@code retry} in milliseconds,
 * {@code private=on}) with {@code Authorization: Bearer} and a token asked of the {@linkplain Builder#token token
 * supplier} for that attempt. Create one with {@link HubPublisher#remote(URI)}; safe to share between threads.
 *
 * <p>An {@link Update} always has an id (the builder gives it a new {@code urn:uuid:} one), and it is always sent:
 * every attempt of one update carries the same id.
 *
 * <p>Only what the hub certainly did not take is retried, so that no update is published twice: a 503 (after the
 * hub's {@code Retry-After} seconds, when given, and the backoff) and a connection that was never made
 * ({@link java.net.ConnectException}, {@link java.net.http.HttpConnectTimeoutException}). After a timeout or a
 * connection lost mid-request the hub may have stored the update: publishing fails at once with a
 * {@link TransportUnavailableException} naming its id, for the caller to decide. Once no attempt is left, or when the
 * hub asks for a wait over 30 seconds, publishing fails with a {@link TransportUnavailableException} too, the one a
 * {@link Hub} throws when it cannot store an update, so that callers treat both alike; its cause is the last
 * attempt's failure, the earlier ones are suppressed. Any other status but 2xx is a {@link PublishException}, never
 * retried.
 */
public final class RemoteHubPublisher implements HubPublisher {

    private final RemoteHub hub;

    private RemoteHubPublisher(RemoteHub hub) {
        this.hub = hub;
    }

    @Override
    public String publish(Update update) {
        CompletableFuture<String> published = publishAsync(update);
        try {
            return published.get();
        } catch (InterruptedException e) {
            published.cancel(false); // no more attempts
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new TransportUnavailableException("the update could not be published", e.getCause());
        }
    }

    @Override
    public CompletableFuture<String> publishAsync(Update update) {
        return hub.publish(Objects.requireNonNull(update, "update"));
    }

    @Override
    public String toString() {
        return "RemoteHubPublisher[" + hub.url() + "]";
    }

    /** Configures a {@link RemoteHubPublisher}. Not thread-safe. */
    public static final class Builder {
        private final URI hubUrl;
        private Supplier<String> token;
        private HttpClient client;
        private Backoff backoff = new Backoff(4, Duration.ofMillis(250));
        private Duration timeout = Duration.ofSeconds(10);

        Builder(URI hubUrl) {
            Objects.requireNonNull(hubUrl, "hubUrl");
            String scheme = hubUrl.getScheme();
            if (!hubUrl.isAbsolute() || hubUrl.getHost() == null
                    || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                throw new IllegalArgumentException("not an absolute http or https URL: " + hubUrl);
            }
            this.hubUrl = hubUrl;
        }

        /**
         * The publisher's token, asked for at every attempt, so that it may be renewed: {@code () -> token} for a
         * fixed one, or one minted per request, such as
         * {@code () -> MercureToken.builder().publish("*").expiresIn(Duration.ofMinutes(1)).sign(key)}. None by
         * default. A supplier that throws {@link java.io.UncheckedIOException} fails the attempt as a network error
         * would; any other exception fails the publish.
         */
        public Builder token(Supplier<String> token) {
            this.token = Objects.requireNonNull(token, "token");
            return this;
        }

        /** The client that sends requests; by default one of the publisher's own that connects within the timeout. */
        public Builder httpClient(HttpClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * At most {@code maxAttempts} attempts per update (1: no retry), the wait doubling from
         * {@code initialBackoff} after each, up to 30 seconds, less a random part of up to half; 4 and 250 ms by
         * default.
         */
        public Builder retries(int maxAttempts, Duration initialBackoff) {
            this.backoff = new Backoff(maxAttempts, initialBackoff);
            return this;
        }

        /** The longest wait for the hub's answer to one attempt; 10 seconds by default. */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** The publisher. */
        public RemoteHubPublisher build() {
            HttpClient sender = client != null ? client : HttpClient.newBuilder().connectTimeout(timeout).build();
            return new RemoteHubPublisher(new RemoteHub(hubUrl, Optional.ofNullable(token), sender,
                    backoff, timeout));
        }
    }
}
