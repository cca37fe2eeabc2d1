package dev.herald.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** The load generator's parts on their own: payloads, sequence tracking, the latency recorder, /proc parsing. */
class UnitsTest {

    @Test
    void payloadRoundTripsAndPadsToTheSize() {
        Payload payload = new Payload(42, -123_456_789L);
        assertThat(payload.encode(100)).hasSize(100);
        assertThat(Payload.parse(payload.encode(100))).isEqualTo(payload);
        assertThat(Payload.parse(payload.encode(0))).isEqualTo(payload);
        assertThat(Payload.parse("{\"@context\":\"subscription\"}")).isNull();
        assertThat(Payload.parse("12 abc")).isNull();
    }

    @Test
    void trackerCountsDuplicatesReorderingAndMissing() {
        SequenceTracker tracker = new SequenceTracker();
        for (long sequence : new long[] {0, 1, 3, 2, 3, 5, 4, 4}) {
            tracker.record(sequence);
        }
        BitSet published = new BitSet();
        published.set(0, 8);
        assertThat(tracker.delivered()).isEqualTo(6);
        assertThat(tracker.duplicated()).isEqualTo(2);
        assertThat(tracker.reordered()).isEqualTo(2); // 2 after 3, 4 after 5
        assertThat(tracker.missing(published)).isEqualTo(2); // 6 and 7
    }

    @Test
    void recorderPercentilesAreWithinHistogramPrecision() {
        LatencyRecorder recorder = new LatencyRecorder();
        for (int ms = 1; ms <= 1000; ms++) {
            recorder.recordNanos(ms * 1_000_000L);
        }
        Percentiles p = recorder.percentiles();
        assertThat(p.count()).isEqualTo(1000);
        assertThat(p.p50()).isCloseTo(500, within(0.5));
        assertThat(p.p90()).isCloseTo(900, within(0.9));
        assertThat(p.p99()).isCloseTo(990, within(1.0));
        assertThat(p.p999()).isCloseTo(999, within(1.0));
        assertThat(p.max()).isCloseTo(1000, within(1.0));
    }

    @Test
    void procFilesAreParsed() {
        assertThat(TargetProcess.rssBytes("Name:\tjava\nVmPeak:\t 9 kB\nVmRSS:\t  2048 kB\n")).isEqualTo(2048 * 1024);
        String stat = "1234 (a (b) c) S 1 2 3 4 5 6 7 8 9 10 250 50 0 0 20 0";
        assertThat(TargetProcess.cpuNanos(stat)).isEqualTo(3_000_000_000L);
        ProcessSample self = TargetProcess.self().sample();
        assertThat(self.rssBytes()).isPositive();
        assertThat(self.cpuNanos()).isPositive();
    }
}
