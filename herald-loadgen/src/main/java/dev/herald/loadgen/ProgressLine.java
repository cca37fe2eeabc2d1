package dev.herald.loadgen;

import java.io.PrintStream;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The line a run prints each second: its phase, the live counters, the last second's latency and reconnections, and
 * the CPU of the target (when observed) and of the generator since the previous line.
 */
final class ProgressLine {

    private final BenchOptions options;
    private final Measurements measurements;
    private final PrintStream out;
    private final TargetProcess self;
    private final TargetProcess target;
    private final long startNanos = System.nanoTime();
    private ProcessSample lastSelf;
    private ProcessSample lastTarget;

    /**
     * Lines about {@code measurements} to {@code out}, timed from now; {@code target} may be null, and
     * {@code targetBefore} is its sample to measure the first line's CPU from.
     */
    ProgressLine(BenchOptions options, Measurements measurements, PrintStream out, TargetProcess self,
            TargetProcess target, ProcessSample targetBefore) {
        this.options = options;
        this.measurements = measurements;
        this.out = out;
        this.self = self;
        this.target = target;
        this.lastSelf = self.sample();
        this.lastTarget = targetBefore;
    }

    /** Prints the line for now, in {@code phase}. Called from one thread at a time. */
    synchronized void print(String phase) {
        try {
            ProcessSample selfNow = self.sample();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%4.0fs] %-7s", (System.nanoTime()
                    - startNanos) / 1e9, phase));
            LiveCounters c = measurements.counters();
            Histogram interval = measurements.latency().interval();
            line.append(String.format(Locale.ROOT, " conn %d/%d fail %d  pub %d err %d  deliv %d dup %d  "
                    + "p50 %.2f p99 %.2f max %.2f ms", c.connected.sum(), options.subscribers(),
                    c.connectFailures.sum(), c.published.sum(), c.publishErrors.sum(), c.delivered.sum(),
                    c.duplicated.sum(), interval.getValueAtPercentile(50) / 1000.0,
                    interval.getValueAtPercentile(99) / 1000.0, interval.getMaxValue() / 1000.0));
            PerSecond attempts = measurements.reconnectAttempts();
            long lastSecond = attempts.count(attempts.secondNow() - 1);
            if (options.resume() || lastSecond > 0) {
                line.append(String.format(Locale.ROOT, "  reconn %d/s", lastSecond));
            }
            if (target != null) {
                ProcessSample targetNow = target.sample();
                line.append(String.format(Locale.ROOT, "  target %.0f MiB %.0f%% CPU",
                        targetNow.rssBytes() / 1048576.0, targetNow.cpuPercentSince(lastTarget)));
                lastTarget = targetNow;
            }
            line.append(String.format(Locale.ROOT, "  client %.0f%% CPU", selfNow.cpuPercentSince(lastSelf)));
            lastSelf = selfNow;
            out.println(line);
        } catch (RuntimeException e) {
            out.println("progress: " + e.getMessage()); // a vanished target must not end the run here
        }
    }
}
