package dev.herald.loadgen;

/**
 * Where the connections of one run record what they see.
 *
 * @param latency publish-to-delivery latency of measured subscribers
 * @param connectTimes from connect() to the 200 answer, first connections
 * @param reconnectTimes the same, for reconnections
 * @param publishTimes from a publish request's due time to its answer
 * @param counters live counts
 */
record Measurements(LatencyRecorder latency, LatencyRecorder connectTimes, LatencyRecorder reconnectTimes,
        LatencyRecorder publishTimes, LiveCounters counters) {

    /** Empty recorders and counters. */
    Measurements() {
        this(new LatencyRecorder(), new LatencyRecorder(), new LatencyRecorder(), new LatencyRecorder(),
                new LiveCounters());
    }
}
