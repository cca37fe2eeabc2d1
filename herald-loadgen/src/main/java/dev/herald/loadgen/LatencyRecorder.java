package dev.herald.loadgen;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies recorded from any number of threads into an HdrHistogram of microseconds (three significant digits, up
 * to an hour), readable interval by interval for the progress line and in total at the end.
 */
public final class LatencyRecorder {

    /** An hour: anything slower is clamped to it rather than lost. */
    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private final Recorder recorder = new Recorder(HIGHEST_MICROS, 3);
    private final Histogram total = new Histogram(HIGHEST_MICROS, 3);
    private Histogram interval;

    /** Records a latency of {@code nanos} nanoseconds; negative values count as zero. Thread-safe, wait-free. */
    public void recordNanos(long nanos) {
        long micros = Math.max(0, nanos / 1000);
        recorder.recordValue(Math.min(micros, HIGHEST_MICROS));
    }

    /** The values recorded since the previous call, which are also added to the total. Call from one thread. */
    public synchronized Histogram interval() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return interval;
    }

    /** Everything recorded so far. Call from one thread. */
    public synchronized Histogram total() {
        interval();
        return total.copy();
    }

    /** The summary of everything recorded so far. */
    public Percentiles percentiles() {
        return Percentiles.of(total());
    }
}
