package dev.herald.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A count per whole second since an origin, recorded from any thread: how many things (reconnections) happened in
 * each second of a run, to find its busiest second. Bounded: seconds past an hour count in the last one.
 */
public final class PerSecond {

    private static final int SECONDS = 3600;

    private final long originNanos;
    private final AtomicLongArray counts = new AtomicLongArray(SECONDS);

    /** Seconds counted from {@code originNanos}, a {@link System#nanoTime()}. */
    public PerSecond(long originNanos) {
        this.originNanos = originNanos;
    }

    /** Counts one now. */
    public void record() {
        counts.incrementAndGet(secondAt(System.nanoTime()));
    }

    /** The count of second {@code second} (0 is the first). */
    public long count(int second) {
        return second < 0 || second >= SECONDS ? 0 : counts.get(second);
    }

    /** The second now is. */
    public int secondNow() {
        return secondAt(System.nanoTime());
    }

    /** The counts from the first second to the last that has one. */
    public List<Long> counts() {
        int last = SECONDS - 1;
        while (last >= 0 && counts.get(last) == 0) {
            last--;
        }
        List<Long> values = new ArrayList<>(last + 1);
        for (int i = 0; i <= last; i++) {
            values.add(counts.get(i));
        }
        return values;
    }

    /** The largest count of one second, and 0 when none was recorded. */
    public long peak() {
        return counts().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private int secondAt(long nanos) {
        long second = TimeUnit.NANOSECONDS.toSeconds(nanos - originNanos);
        return (int) Math.max(0, Math.min(SECONDS - 1, second));
    }
}
