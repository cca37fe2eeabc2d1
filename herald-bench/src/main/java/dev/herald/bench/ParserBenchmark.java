package dev.herald.bench;

import com.launchdarkly.eventsource.LaunchDarklyStreamParser;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StreamException;
import dev.herald.core.EventStreamParser;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import okhttp3.internal.sse.ServerSentEventReader;
import okio.BufferedSource;
import okio.Okio;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parses the same in-memory event stream with Herald, okhttp-sse and okhttp-eventsource. One operation is one whole
 * stream of just under 1 MiB (see {@link Workload}), parsed by a new parser as on a new connection, so ops/s times
 * the stream size is bytes/s, and {@code gc.alloc.rate.norm} divided by the event count is bytes allocated per
 * event. The setup prints each stream's size and event count.
 *
 * <p>The defaults (one fork, short iterations) suit a small shared machine; override them on the command line.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ParserBenchmark {

    /** Herald's read buffer: the size okhttp-sse's okio segments have. */
    private static final int READ_BUFFER_BYTES = 8192;

    /** Which stream to parse: {@code small}, {@code large}, {@code fields} or {@code chunked}. */
    @Param({"small", "large", "fields", "chunked"})
    public String workload;

    private byte[] stream;
    private int maxRead;

    /** Generates the stream, then checks that all three parsers dispatch the same events from it. */
    @Setup(Level.Trial)
    public void generate() throws IOException, StreamException {
        Workload chosen = Workload.named(workload);
        stream = chosen.stream();
        maxRead = chosen.maxRead();
        EventTally herald = parseWithHerald(stream, maxRead);
        EventTally okhttp = parseWithOkHttp(stream, maxRead);
        EventTally launchDarkly = parseWithLaunchDarkly(stream, maxRead);
        if (herald.events() == 0
                || herald.events() != okhttp.events() || herald.events() != launchDarkly.events()
                || herald.dataChars() != okhttp.dataChars() || herald.dataChars() != launchDarkly.dataChars()) {
            throw new IllegalStateException(String.format(
                    "parsers disagree on %s: herald %d events/%d chars, okhttp %d/%d, launchdarkly %d/%d",
                    workload, herald.events(), herald.dataChars(), okhttp.events(), okhttp.dataChars(),
                    launchDarkly.events(), launchDarkly.dataChars()));
        }
        System.out.printf("%n[%s] stream %d bytes, %d events, %d data chars, at most %d bytes per read%n",
                workload, stream.length, herald.events(), herald.dataChars(), maxRead);
    }

    /** Herald's parser, fed from an input stream of the stream through an 8 KiB read buffer. */
    @Benchmark
    public void herald(Blackhole blackhole) throws IOException {
        blackhole.consume(parseWithHerald(stream, maxRead).dataChars());
    }

    /** okhttp-sse's reader on a buffered okio source of the stream. */
    @Benchmark
    public void okhttp(Blackhole blackhole) throws IOException {
        blackhole.consume(parseWithOkHttp(stream, maxRead).dataChars());
    }

    /** okhttp-eventsource's parser on an input stream of the stream. */
    @Benchmark
    public void launchdarkly(Blackhole blackhole) throws StreamException {
        blackhole.consume(parseWithLaunchDarkly(stream, maxRead).dataChars());
    }

    private static EventTally parseWithHerald(byte[] stream, int maxRead) throws IOException {
        EventTally tally = new EventTally();
        EventStreamParser parser = EventStreamParser.create(tally);
        // Read into a buffer as a client of a socket must, so Herald pays the copy the peers pay into their own
        // buffers (okio segments, okhttp-eventsource's read buffer).
        InputStream in = new ChunkedInputStream(stream, maxRead);
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            parser.feed(buffer, 0, read);
        }
        parser.endOfStream();
        return tally;
    }

    private static EventTally parseWithOkHttp(byte[] stream, int maxRead) throws IOException {
        EventTally tally = new EventTally();
        BufferedSource source = Okio.buffer(new ChunkedSource(stream, maxRead));
        ServerSentEventReader reader = new ServerSentEventReader(source, tally);
        while (reader.processNextEvent()) {
            // Each call dispatches at most one event to the tally.
        }
        return tally;
    }

    private static EventTally parseWithLaunchDarkly(byte[] stream, int maxRead) throws StreamException {
        EventTally tally = new EventTally();
        LaunchDarklyStreamParser parser = new LaunchDarklyStreamParser(new ChunkedInputStream(stream, maxRead));
        for (MessageEvent event = parser.nextMessage(); event != null; event = parser.nextMessage()) {
            tally.record(event.getData());
        }
        return tally;
    }
}
