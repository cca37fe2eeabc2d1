package dev.herald.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * Runs one scenario against a hub: connects the subscribers, publishes, and measures, printing a progress line
 * each second, then returns the {@link Report} (and writes the JSON and chart files when asked). Bounded: it ends
 * after the duration plus connection and drain time limits, whatever the target does.
 */
public final class LoadGenerator {

    /** Connections being set up at once when no connect rate is given, to stay within the target's backlog. */
    private static final int CONNECTS_IN_FLIGHT = 512;
    /** How many connections the warm-up opens and closes before the measured ones. */
    private static final int WARMUP_CONNECTS = 5_000;
    /** The longest wait for all subscribers to connect. */

    private final BenchOptions options;
    private final PrintStream progress;
    private final Measurements measurements = new Measurements();
    private final TargetProcess self = TargetProcess.self();
    private volatile String phase = "connect";
    private final CompletableFuture<Void> windowStarted = new CompletableFuture<>();
    private final CountDownLatch endWindowAsked = new CountDownLatch(1);

    /** A run of {@code options} that prints its progress to {@code progress}. */
    public LoadGenerator(BenchOptions options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Completes when the measured window (publishing, or holding the connections) begins. */
    public CompletableFuture<Void> windowStarted() {
        return windowStarted;
    }

    /**
     * Ends the measured window now rather than at the end of the duration (not in the storm scenario): a caller that
     * takes the target through some change while the generator runs ends the run once the change is over.
     */
    public void endWindow() {
        endWindowAsked.countDown();
    }

    /**
     * Runs the scenario. Throws {@link IllegalArgumentException} before sending anything when a URL is not on
     * loopback.
     */
    public Report run() throws InterruptedException, IOException {
        List<String> topics = topics();
        List<URI> subscribeUris = new ArrayList<>();
        Map<String, InetAddress> resolved = new HashMap<>();
        for (int i = 0; i < options.subscribers(); i++) {
            URI uri = options.subscribeUrl().expand(i, topics.get(topicIndex(i)));
            resolved.computeIfAbsent(uri.getHost(), host -> LoopbackGuard.requireLoopback(uri));
            subscribeUris.add(uri);
        }
        URI publishUri = options.publishUrl().expand(0, topics.get(0));
        InetAddress publishAddress = options.scenario().publishes() ? LoopbackGuard.requireLoopback(publishUri) : null;
        TargetProcess target = options.targetPids().isEmpty() ? null : new TargetProcess(options.targetPids());
        ProcessSample targetBefore = target == null ? null : target.sample();

        Transport transport = Transport.create(options.threads());
        // The publisher gets a loop of its own, as a real publisher is another process: sharing a loop with
        // thousands of subscriber reads would make every publish wait behind them and measure the generator.
        Transport publishing = Transport.create(1);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "bench-progress");
            thread.setDaemon(true);
            return thread;
        });
        List<SubscriberConnection> subscribers = new ArrayList<>();
        try {
            ProgressLine line = new ProgressLine(options, measurements, progress, self, target, targetBefore);
            ticker.scheduleAtFixedRate(() -> line.print(phase), 1, 1, TimeUnit.SECONDS);

            for (int i = 0; i < options.subscribers(); i++) {
                subscribers.add(subscriber(i, subscribeUris.get(i), resolved, transport, measurements));
            }
            if (!options.warmup().isZero()) {
                warmUpConnects(subscribeUris, resolved, transport);
            }
            phase = "connect";
            long connectStart = System.nanoTime();
            connectAll(subscribers);
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;

            Publisher publisher = null;
            long windowStart;
            ProcessSample selfStart;
            ProcessSample targetStart;
            long windowEnd;
            if (options.scenario().publishes()) {
                publisher = new Publisher(options, topics, new InetSocketAddress(publishAddress,
                        UrlTemplate.port(publishUri)), publishing, measurements);
                publisher.open();
                if (!options.warmup().isZero()) {
                    phase = "warmup";
                    publisher.startWarmup();
                    Thread.sleep(options.warmup().toMillis());
                }
                if (options.scenario() == Scenario.SLOW) {
                    subscribers.stream().filter(s -> isSlow(s.index())).forEach(SubscriberConnection::stopReading);
                }
                phase = "publish";
                selfStart = self.sample();
                targetStart = target == null ? null : target.sample();
                windowStart = System.nanoTime();
                publisher.start();
                windowStarted.complete(null);
                if (options.scenario() == Scenario.STORM) {
                    Thread.sleep(options.duration().toMillis() / 2);
                    phase = "storm";
                    subscribers.forEach(SubscriberConnection::dropAndReconnect);
                    Thread.sleep(options.duration().toMillis() - options.duration().toMillis() / 2);
                } else {
                    endWindowAsked.await(options.duration().toMillis(), TimeUnit.MILLISECONDS);
                }
                publisher.stop(java.time.Duration.ofSeconds(2));
                windowEnd = System.nanoTime();
                phase = "drain";
                drain(publisher, subscribers);
            } else {
                phase = "hold";
                selfStart = self.sample();
                targetStart = target == null ? null : target.sample();
                windowStart = System.nanoTime();
                windowStarted.complete(null);
                endWindowAsked.await(options.duration().toMillis(), TimeUnit.MILLISECONDS);
                windowEnd = System.nanoTime();
            }
            line.print(phase); // a last line, also for runs shorter than a second
            ProcessSample selfEnd = self.sample();
            ProcessSample targetEnd = target == null ? null : target.sample();
            BitSet[] accepted = publisher == null ? new BitSet[] {new BitSet()} : publisher.accepted();

            ticker.shutdownNow();
            subscribers.forEach(SubscriberConnection::close);
            transport.shutdown(); // after this the trackers are no longer written to
            publishing.shutdown();

            Report report = report(subscribers, accepted, connectSeconds, (windowEnd - windowStart) / 1e9,
                    targetBefore, targetStart, targetEnd, selfStart, selfEnd);
            if (options.json() != null) {
                report.writeJson(options.json());
            }
            if (options.plot() != null) {
                Histogram latency = measurements.latency().total();
                LatencyChart.write(latency, String.format(Locale.ROOT, "%s: %d subscribers, %.0f ev/s x %d B",
                        report.scenario(), report.subscribers(), options.rate(), options.size()), options.plot());
            }
            return report;
        } finally {
            windowStarted.completeExceptionally(new IllegalStateException("the run ended before its window began"));
            ticker.shutdownNow();
            subscribers.forEach(SubscriberConnection::close);
            transport.shutdown();
            publishing.shutdown();
        }
    }

    private List<String> topics() {
        if (options.scenario() != Scenario.TOPICS) {
            return List.of(options.topic());
        }
        List<String> topics = new ArrayList<>(options.subscribers());
        for (int i = 0; i < options.subscribers(); i++) {
            topics.add(options.topic() + "-" + i);
        }
        return topics;
    }

    private int topicIndex(int subscriber) {
        return options.scenario() == Scenario.TOPICS ? subscriber : 0;
    }

    /** Spreads the slow subscribers evenly: index i is slow when the running share crosses an integer there. */
    private boolean isSlow(int index) {
        return options.scenario() == Scenario.SLOW
                && Math.floor((index + 1) * options.slowShare()) > Math.floor(index * options.slowShare());
    }

    /**
     * Opens and closes up to {@link #WARMUP_CONNECTS} connections recorded nowhere, so that the measured connects
     * run on compiled code in the generator and in the target: a cold JVM spends most of its first thousands of
     * connections compiling, which says nothing about the target. Memory the target keeps from them still counts
     * in its growth, as its RSS is sampled before.
     */
    private void warmUpConnects(List<URI> subscribeUris, Map<String, InetAddress> resolved, Transport transport)
            throws InterruptedException {
        phase = "warmup";
        Measurements discarded = new Measurements();
        List<SubscriberConnection> warm = new ArrayList<>();
        for (int i = 0; i < Math.min(WARMUP_CONNECTS, subscribeUris.size()); i++) {
            warm.add(subscriber(i, subscribeUris.get(i), resolved, transport, discarded));
        }
        connectAll(warm);
        warm.forEach(SubscriberConnection::close);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (discarded.counters().connected.sum() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** Subscriber {@code i}, not yet connected, recording into {@code into}. */
    private SubscriberConnection subscriber(int i, URI uri, Map<String, InetAddress> resolved, Transport transport,
            Measurements into) {
        InetAddress address = resolved.get(uri.getHost());
        return new SubscriberConnection(i, topicIndex(i), uri, new InetSocketAddress(address, UrlTemplate.port(uri)),
                new SourceAddresses(options.sourceAddresses()).forIndex(i, address), transport, into,
                options.resume());
    }

    private void connectAll(List<SubscriberConnection> subscribers) throws InterruptedException {
        Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
        List<CompletableFuture<Boolean>> settled = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + options.connectPhase().toNanos();
        for (SubscriberConnection subscriber : subscribers) {
            if (options.connectRate() > 0) {
                long due = start + (long) (subscriber.index() * 1e9 / options.connectRate());
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            // A target that accepts but never answers must not stall the run: the wait per permit is bounded.
            boolean permitted = inFlight.tryAcquire(10, TimeUnit.SECONDS);
            CompletableFuture<Boolean> future = subscriber.connect();
            if (permitted) {
                future.whenComplete((ok, error) -> inFlight.release());
            }
            settled.add(future);
            if (System.nanoTime() > deadline) {
                progress.println("connect phase limit reached; continuing with the subscribers connected so far");
                break;
            }
        }
        try {
            CompletableFuture.allOf(settled.toArray(CompletableFuture[]::new))
                    .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            progress.println("some subscribers did not connect within the time limit");
        }
    }

    /** Waits until every expected delivery arrived or the drain time is up, whichever comes first. */
    private void drain(Publisher publisher, List<SubscriberConnection> subscribers) throws InterruptedException {
        long[] counts = publisher.acceptedCounts();
        long expected = 0;
        for (SubscriberConnection subscriber : subscribers) {
            if (subscriber.measured() && subscriber.everConnected()) {
                expected += counts[subscriber.topicIndex()];
            }
        }
        long deadline = System.nanoTime() + options.drain().toNanos();
        while (System.nanoTime() < deadline && measurements.counters().delivered.sum() < expected) {
            Thread.sleep(10);
        }
    }

    private Report report(List<SubscriberConnection> subscribers, BitSet[] accepted, double connectSeconds,
            double seconds, ProcessSample targetBefore, ProcessSample targetStart, ProcessSample targetEnd,
            ProcessSample selfStart, ProcessSample selfEnd) {
        long connected = 0;
        long slow = 0;
        long expected = 0;
        long delivered = 0;
        long missing = 0;
        long duplicated = 0;
        long reordered = 0;
        for (SubscriberConnection subscriber : subscribers) {
            if (subscriber.everConnected()) {
                connected++;
            }
            if (!subscriber.measured()) {
                slow++;
                continue;
            }
            if (!subscriber.everConnected()) {
                continue; // counted as a connect failure, not as missing events
            }
            BitSet published = accepted[subscriber.topicIndex()];
            SequenceTracker tracker = subscriber.tracker();
            expected += published.cardinality();
            delivered += tracker.delivered();
            missing += tracker.missing(published);
            duplicated += tracker.duplicated();
            reordered += tracker.reordered();
        }
        LiveCounters counters = measurements.counters();
        long rssEnd = targetEnd == null ? -1 : targetEnd.rssBytes();
        long rssBefore = targetBefore == null ? -1 : targetBefore.rssBytes();
        return new Report(options.scenario().label(), transportName(), options.subscribers(), connected,
                counters.connectFailures.sum(), slow, counters.published.sum(), counters.publishErrors.sum(),
                expected, delivered, missing, duplicated, reordered, counters.disconnects.sum(),
                connectSeconds > 0 ? connected / connectSeconds : 0, seconds, seconds > 0 ? delivered / seconds : 0,
                measurements.latency().percentiles(), measurements.connectTimes().percentiles(),
                measurements.reconnectTimes().percentiles(), measurements.publishTimes().percentiles(), rssEnd,
                rssBefore, targetEnd == null || connected == 0 ? -1 : (rssEnd - rssBefore) / connected,
                targetEnd == null ? -1 : targetEnd.cpuPercentSince(targetStart), selfEnd.cpuPercentSince(selfStart),
                options.threads(), options.scenario().publishes() ? options.rate() : 0, options.size(),
                counters.publishRetries.sum(), measurements.reconnectAttempts().counts(),
                measurements.reconnects().counts());
    }

    private static String transportName() {
        return io.netty.channel.epoll.Epoll.isAvailable() ? "epoll" : "nio";
    }
}
