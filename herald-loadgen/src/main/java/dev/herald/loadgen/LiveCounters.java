package dev.herald.loadgen;

import java.util.concurrent.atomic.LongAdder;

/** Counters the event loops bump as things happen, read each second for the progress line and the drain. */
final class LiveCounters {

    /** Subscribers whose stream is open now. */
    final LongAdder connected = new LongAdder();
    /** Connection attempts that failed or got a status other than 200. */
    final LongAdder connectFailures = new LongAdder();
    /** Streams the target closed, or that broke, without being asked to. */
    final LongAdder disconnects = new LongAdder();
    /** First arrivals of an event at a measured (not slow) subscriber. */
    final LongAdder delivered = new LongAdder();
    /** Arrivals of an event a subscriber already had. */
    final LongAdder duplicated = new LongAdder();
    /** Events the target accepted (a 2xx answer to the publish request). */
    final LongAdder published = new LongAdder();
    /**
     * Publish requests answered with another status or lost with their connection (with {@code --retry-503}: other
     * than 503, so whether the target stored them is unknown).
     */
    final LongAdder publishErrors = new LongAdder();
    /** Publish requests answered 503 and sent again ({@code --retry-503}). */
    final LongAdder publishRetries = new LongAdder();
}
