package dev.herald.loadgen;

/**
 * A process's resident memory and CPU time at one moment.
 *
 * @param rssBytes the resident set size
 * @param cpuNanos user plus system CPU time used so far
 * @param atNanos the {@code System.nanoTime()} of the sample
 */
public record ProcessSample(long rssBytes, long cpuNanos, long atNanos) {

    /** The CPU used between {@code earlier} and this sample, in percent of one core. */
    public double cpuPercentSince(ProcessSample earlier) {
        long wall = atNanos - earlier.atNanos;
        return wall <= 0 ? 0 : 100.0 * (cpuNanos - earlier.cpuNanos) / wall;
    }
}
