package dev.herald.loadgen;

/**
 * Where the connections of one run record what they see.
 *
 * @param latency publish-to-delivery latency of measured subscribers
 * @param connectTimes from connect() to the 200 answer, first connections
 * @param reconnectTimes the same, for reconnections
 * @param publishTimes from a publish request's due time to its answer
 * @param counters live counts
 * @param reconnectAttempts reconnections begun (the requests a target receives), per second since the measurements
 *     began
 * @param reconnects reconnections that got their 200, per second likewise
 */
record Measurements(LatencyRecorder latency, LatencyRecorder connectTimes, LatencyRecorder reconnectTimes,
        LatencyRecorder publishTimes, LiveCounters counters, PerSecond reconnectAttempts, PerSecond reconnects) {

    /** Empty recorders and counters, their seconds counted from now. */
    Measurements() {
        this(new LatencyRecorder(), new LatencyRecorder(), new LatencyRecorder(), new LatencyRecorder(),
                new LiveCounters(), new PerSecond(System.nanoTime()), new PerSecond(System.nanoTime()));
    }
}
