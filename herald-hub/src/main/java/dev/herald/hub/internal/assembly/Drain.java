package dev.herald.hub.internal.assembly;

import dev.herald.hub.internal.HubPhase;
import dev.herald.hub.internal.dispatch.Stream;
import dev.herald.hub.internal.dispatch.StreamRegistry;
import dev.herald.hub.internal.http.HubContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a hub leaves without a reconnection storm or a lost update, before it stops: not ready first, so that load
 * balancers stop sending it subscribers, while it still serves for {@code delay}; then its streams end one by one in
 * random order, evenly over {@code time} (each after a {@code retry:} hint between {@link #MIN_RETRY} and
 * {@link #MAX_RETRY}, which spreads its client's reconnection further), new subscribers getting 503; then publishes
 * get 503 too, and those accepted are answered before the transport closes.
 */
final class Drain {

    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);
    /**
     * The least reconnection time a draining stream's client is told: the ends are already spread evenly over the
     * drain time, so a short hint adds jitter without adding much to the delivery gap (0.5 to 3 s made the delivery
     * p99 of a rolling restart 1.7 s against 0.5 s steady, bench/rolling.sh).
     */
    static final Duration MIN_RETRY = Duration.ofMillis(200);
    /** The most: below what browsers use by default, and random, so that a later reconnection is spread too. */
    static final Duration MAX_RETRY = Duration.ofSeconds(1);
    /** How long publishes accepted before the end may take to be stored. */
    private static final Duration PUBLISH_GRACE = Duration.ofSeconds(5);

    private final HubContext hub;
    private final StreamRegistry streams;
    private final IntSupplier connections;
    private final IntSupplier publishesInFlight;

    /**
     * @param connections how many connections the hub has open
     * @param publishesInFlight how many publishes it accepted and has not answered
     */
    Drain(HubContext hub, StreamRegistry streams, IntSupplier connections, IntSupplier publishesInFlight) {
        this.hub = hub;
        this.streams = streams;
        this.connections = connections;
        this.publishesInFlight = publishesInFlight;
    }

    /** Drains, on the calling thread, and returns once the hub may stop. */
    void run(Duration delay, Duration time) throws InterruptedException {
        hub.enter(HubPhase.DRAINING);
        // A hub with no connection at all has nobody to keep serving: the delay is for those that come meanwhile.
        if (!delay.isZero() && connections.getAsInt() > 0) {
            LOG.info("draining: not ready, serving {} more before ending {} streams over {}", delay, streams.size(),
                    time);
            Thread.sleep(delay.toMillis());
        }
        int ended = endStreams(time);
        answerPublishes();
        LOG.info("drained: {} streams ended over {}, {} left, {} publishes unanswered", ended, time,
                streams.size(), publishesInFlight.getAsInt());
    }

    /**
     * Refuses new publishes with 503 from now on and returns once those accepted are answered (or after
     * {@link #PUBLISH_GRACE}): the last step before the transport closes.
     */
    void answerPublishes() throws InterruptedException {
        hub.enter(HubPhase.CLOSING);
        long publishDeadline = System.nanoTime() + PUBLISH_GRACE.toNanos();
        while (publishesInFlight.getAsInt() > 0 && System.nanoTime() < publishDeadline) {
            Thread.sleep(5);
        }
    }

    /**
     * Ends the streams one by one in random order, evenly over {@code time}, refusing new subscribers meanwhile;
     * returns, with how many it ended, once none is left or the time (and a second) has passed. Publishing goes on.
     */
    int endStreams(Duration time) throws InterruptedException {
        hub.enter(HubPhase.ENDING_STREAMS);
        List<Stream> open = new ArrayList<>(streams.streams());
        Collections.shuffle(open);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long spread = time.toNanos();
        for (int i = 0; i < open.size(); i++) {
            Duration after = Duration.ofNanos(spread * i / open.size());
            Duration retry = Duration.ofMillis(random.nextLong(MIN_RETRY.toMillis(), MAX_RETRY.toMillis() + 1));
            open.get(i).drainAfter(after, retry);
        }
        long deadline = System.nanoTime() + spread + Duration.ofSeconds(1).toNanos();
        while (streams.size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return open.size();
    }
}
