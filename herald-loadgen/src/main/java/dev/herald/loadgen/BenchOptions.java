package dev.herald.loadgen;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a bench run needs to know.
 *
 * @param scenario what to do
 * @param subscribeUrl the subscribe URL template ({@code {i}}, {@code {topic}})
 * @param publishUrl the publish URL template ({@code {topic}})
 * @param publishFormat Mercure form or raw body
 * @param token the publisher's Bearer token, or null
 * @param topic the topic, or the prefix of the per-subscriber topics of {@link Scenario#TOPICS}
 * @param subscribers how many subscriber connections
 * @param rate events per second, over all topics
 * @param size bytes of data per event
 * @param duration how long to publish (or, for idle, to hold the connections)
 * @param drain how long at most to wait for deliveries after publishing stops
 * @param sourceAddresses how many loopback source addresses to spread the connections over
 * @param targetPids the target hub's process ids (summed), empty to not observe it
 * @param connectRate new connections per second, or 0 for as fast as the target accepts them
 * @param connectPhase how long the subscribers may take to connect before the run goes on without the rest
 * @param threads event loop threads
 * @param publishConnections keep-alive connections the publisher spreads its requests over
 * @param pipeline requests each publish connection may have in flight (HTTP/1.1 pipelining keeps their order)
 * @param warmup how long to publish unmeasured events first, after opening and closing up to 5,000 unmeasured
 *     connections, so both ends run compiled code when measuring starts; zero skips both
 * @param slowShare the share of subscribers that stop reading in {@link Scenario#SLOW}
 * @param resume whether subscribers behave as {@code EventSource}: a stream that ends or breaks, or a reconnection
 *     refused, is opened again after the reconnection time (the server's {@code retry:}, else 3 s) with
 *     Last-Event-ID, until the run ends
 * @param retryRefused whether the publisher retries an event answered 503 (the target did not take it) after its
 *     {@code Retry-After}, before it sends the next one, so that the retries keep the order
 * @param json where to write the JSON report, or null
 * @param plot where to write the latency chart PNG, or null
 */
public record BenchOptions(Scenario scenario, UrlTemplate subscribeUrl, UrlTemplate publishUrl,
        PublishFormat publishFormat, String token, String topic, int subscribers, double rate, int size,
        Duration duration, Duration drain, int sourceAddresses, List<Long> targetPids, double connectRate,
        Duration connectPhase, int threads,
        int publishConnections, int pipeline, Duration warmup, double slowShare, boolean resume, boolean retryRefused,
        Path json, Path plot) {

    /** Checks the values make sense. */
    public BenchOptions {
        if (subscribers < 1) {
            throw new IllegalArgumentException("--subscribers must be at least 1");
        }
        if (scenario.publishes() && !(rate > 0)) {
            throw new IllegalArgumentException("--rate must be positive");
        }
        if (size < 0 || threads < 1 || publishConnections < 1 || pipeline < 1) {
            throw new IllegalArgumentException(
                    "--size, --threads, --publish-connections and --pipeline must be positive");
        }
        if (connectPhase.isNegative() || connectPhase.isZero()) {
            throw new IllegalArgumentException("--connect-phase must be positive");
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("--warmup must not be negative");
        }
        targetPids = List.copyOf(targetPids);
        if (slowShare < 0 || slowShare >= 1) {
            throw new IllegalArgumentException("--slow-share must be in [0, 1)");
        }
        if (retryRefused && pipeline > 1) {
            // A retried event would be stored after those sent behind it.
            throw new IllegalArgumentException("--retry-503 keeps the order only with --pipeline 1");
        }
    }

    /** A builder with the defaults of {@code herald bench}. */
    public static Builder builder(Scenario scenario) {
        return new Builder(scenario);
    }

    /** Builds {@link BenchOptions}; every setter returns the builder. */
    public static final class Builder {
        private final Scenario scenario;
        private String subscribeUrl = "http://127.0.0.1:8080/.well-known/mercure?topic={topic}";
        private String publishUrl = "http://127.0.0.1:8080/.well-known/mercure";
        private PublishFormat publishFormat = PublishFormat.MERCURE;
        private String token;
        private String topic = "bench";
        private int subscribers = 1000;
        private double rate = 10;
        private int size = 100;
        private Duration duration = Duration.ofSeconds(10);
        private Duration drain = Duration.ofSeconds(2);
        private int sourceAddresses = 1;
        private List<Long> targetPids = List.of();
        private double connectRate;
        private Duration connectPhase = Duration.ofSeconds(30);
        private int threads = Runtime.getRuntime().availableProcessors();
        private int publishConnections = 1;
        private int pipeline = 16;
        private Duration warmup = Duration.ofSeconds(5);
        private double slowShare = 0.1;
        private boolean resume;
        private boolean retryRefused;
        private Path json;
        private Path plot;

        private Builder(Scenario scenario) {
            this.scenario = scenario;
        }

        /** Sets the subscribe URL template. */
        public Builder subscribeUrl(String value) {
            subscribeUrl = value;
            return this;
        }

        /** Sets the publish URL template. */
        public Builder publishUrl(String value) {
            publishUrl = value;
            return this;
        }

        /** Sets the publish format. */
        public Builder publishFormat(PublishFormat value) {
            publishFormat = value;
            return this;
        }

        /** Sets the publisher token. */
        public Builder token(String value) {
            token = value;
            return this;
        }

        /** Sets the topic. */
        public Builder topic(String value) {
            topic = value;
            return this;
        }

        /** Sets the subscriber count. */
        public Builder subscribers(int value) {
            subscribers = value;
            return this;
        }

        /** Sets the publish rate in events per second. */
        public Builder rate(double value) {
            rate = value;
            return this;
        }

        /** Sets the event size in bytes. */
        public Builder size(int value) {
            size = value;
            return this;
        }

        /** Sets the publishing time. */
        public Builder duration(Duration value) {
            duration = value;
            return this;
        }

        /** Sets the longest wait for deliveries after publishing. */
        public Builder drain(Duration value) {
            drain = value;
            return this;
        }

        /** Sets the number of loopback source addresses. */
        public Builder sourceAddresses(int value) {
            sourceAddresses = value;
            return this;
        }

        /** Sets the target's process ids. */
        public Builder targetPids(List<Long> value) {
            targetPids = value;
            return this;
        }

        /** Sets the connection rate per second (0: unlimited). */
        public Builder connectRate(double value) {
            connectRate = value;
            return this;
        }

        /** Sets how long the subscribers may take to connect. */
        public Builder connectPhase(Duration value) {
            connectPhase = value;
            return this;
        }

        /** Sets the event loop thread count. */
        public Builder threads(int value) {
            threads = value;
            return this;
        }

        /** Sets the publisher's connection count. */
        public Builder publishConnections(int value) {
            publishConnections = value;
            return this;
        }

        /** Sets how many requests each publish connection may have in flight. */
        public Builder pipeline(int value) {
            pipeline = value;
            return this;
        }

        /** Sets how long to publish unmeasured events, after unmeasured connections; zero skips both. */
        public Builder warmup(Duration value) {
            warmup = value;
            return this;
        }

        /** Sets the share of slow subscribers. */
        public Builder slowShare(double value) {
            slowShare = value;
            return this;
        }

        /** Sets whether subscribers reconnect with Last-Event-ID whenever their stream ends, as EventSource does. */
        public Builder resume(boolean value) {
            resume = value;
            return this;
        }

        /** Sets whether the publisher retries a 503 after its Retry-After, in order. */
        public Builder retryRefused(boolean value) {
            retryRefused = value;
            return this;
        }

        /** Sets the JSON report file. */
        public Builder json(Path value) {
            json = value;
            return this;
        }

        /** Sets the latency chart file. */
        public Builder plot(Path value) {
            plot = value;
            return this;
        }

        /** The options. */
        public BenchOptions build() {
            return new BenchOptions(scenario, new UrlTemplate(subscribeUrl), new UrlTemplate(publishUrl),
                    publishFormat, token, topic, subscribers, rate, size, duration, drain, sourceAddresses,
                    targetPids, connectRate, connectPhase, threads, publishConnections, pipeline, warmup,
                    slowShare, resume, retryRefused, json, plot);
        }
    }
}
