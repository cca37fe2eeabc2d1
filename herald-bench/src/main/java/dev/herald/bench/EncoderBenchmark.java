package dev.herald.bench;

import dev.herald.core.Event;
import dev.herald.core.EventEncoder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encodes one event per operation with {@link EventEncoder#encode(Event)}, so ops/s is events/s and, under
 * {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes allocated per event: ideally just the output array,
 * 16 bytes of header plus the encoded length rounded up to 8. The setup prints each shape's encoded length.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EncoderBenchmark {

    /**
     * The event's shape: {@code small} (one short JSON data line), {@code typed} (the same data with an id and an
     * event type) or {@code multiline} (data of eight lines).
     */
    @Param({"small", "typed", "multiline"})
    public String shape;

    private Event event;

    /** Builds the event; it is built once, so only encoding is measured. */
    @Setup
    public void build() {
        String json = "{\"seq\":1234567,\"sensor\":\"s-0042\",\"value\":31415.927,\"ok\":true}";
        event = switch (shape) {
            case "small" -> Event.of(json);
            case "typed" -> Event.builder().id("1234567").type("update").data(json).build();
            case "multiline" -> Event.of(String.join("\n", json, json, json, json, json, json, json, json));
            default -> throw new IllegalArgumentException("unknown shape: " + shape);
        };
        System.out.printf("%n[%s] encoded length %d bytes%n", shape, EventEncoder.encodedLength(event));
    }

    /** Encodes the event into a new array of its exact size. */
    @Benchmark
    public byte[] encode() {
        return EventEncoder.encode(event);
    }
}
