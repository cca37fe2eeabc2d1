package dev.herald.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A process, or a group of them (nginx's workers), whose memory and CPU are read from Linux's
 * {@code /proc/PID/status} and {@code /proc/PID/stat} and summed: the hub under test, or this load generator itself
 * so that a saturated client shows.
 *
 * @param pids the process ids
 */
public record TargetProcess(List<Long> pids) {

    /** Copies the list. */
    public TargetProcess {
        pids = List.copyOf(pids);
    }

    /** The kernel's USER_HZ, in which /proc reports CPU time: 100 on every mainstream Linux architecture. */
    private static final long TICKS_PER_SECOND = 100;

    /** This JVM. */
    public static TargetProcess self() {
        return new TargetProcess(List.of(ProcessHandle.current().pid()));
    }

    /** Reads the processes' summed RSS and CPU time; throws {@link UncheckedIOException} once one is gone. */
    public ProcessSample sample() {
        long now = System.nanoTime();
        long rss = 0;
        long cpu = 0;
        for (long pid : pids) {
            try {
                rss += rssBytes(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
                cpu += cpuNanos(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read /proc/" + pid + " (is the target running?)", e);
            }
        }
        return new ProcessSample(rss, cpu, now);
    }

    /** The VmRSS line of a /proc/PID/status text, in bytes. */
    static long rssBytes(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024; // the kernel reports kB
            }
        }
        return 0;
    }

    /** utime + stime of a /proc/PID/stat text, in nanoseconds. */
    static long cpuNanos(String stat) {
        // The command name in parentheses may hold spaces; the fields after its closing parenthesis are fixed.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15 of proc(5)
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }
}
