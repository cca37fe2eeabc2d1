package dev.herald.cli;

import dev.herald.loadgen.BenchOptions;
import dev.herald.loadgen.LoadGenerator;
import dev.herald.loadgen.PublishFormat;
import dev.herald.loadgen.Report;
import dev.herald.loadgen.Scenario;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code herald bench}: an SSE load generator for any hub on this machine (loopback targets only). */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load-test an SSE hub on this machine: fanout, topics, idle, storm or slow.",
            "Progress goes to stderr each second, the results table to stdout. Loopback targets only."})
final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "The scenario: ${COMPLETION-CANDIDATES}.")
    Scenario scenario;

    @Option(names = "--subscribe-url", defaultValue = "http://127.0.0.1:8080/.well-known/mercure?topic={topic}",
            description = "Subscribe URL template; {i} is the subscriber index, {topic} its topic "
                    + "(default ${DEFAULT-VALUE}).")
    String subscribeUrl;

    @Option(names = "--publish-url", defaultValue = "http://127.0.0.1:8080/.well-known/mercure",
            description = "Publish URL template; {topic} is the event's topic (default ${DEFAULT-VALUE}).")
    String publishUrl;

    @Option(names = "--publish-format", defaultValue = "mercure",
            description = "mercure (form POST with topic and data, --token as Bearer), raw (the data as the "
                    + "body, as Nchan takes it) or grip (a JSON item with the event as http-stream content, as "
                    + "Pushpin's publish API takes it; that API closes each connection after one answer, so use "
                    + "--pipeline 1); default ${DEFAULT-VALUE}.")
    PublishFormat publishFormat;

    @Option(names = {"-t", "--token"}, defaultValue = "${env:HERALD_TOKEN}", description = "A publisher JWT.")
    String token;

    @Option(names = "--topic", defaultValue = "bench",
            description = "The topic, or the prefix of the per-subscriber topics (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = {"-n", "--subscribers"}, defaultValue = "1000",
            description = "Subscribers (default ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = {"-r", "--rate"}, defaultValue = "10",
            description = "Events per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = {"-s", "--size"}, defaultValue = "100",
            description = "Event data bytes (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = {"-d", "--duration"}, defaultValue = "10s",
            description = "How long to publish, or to hold idle connections (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--drain", defaultValue = "2s",
            description = "Longest wait for deliveries after publishing (default ${DEFAULT-VALUE}).")
    Duration drain;

    @Option(names = "--source-addresses", defaultValue = "1",
            description = "Bind subscriber sockets to 127.0.0.1 .. 127.0.0.K (default ${DEFAULT-VALUE}).")
    int sourceAddresses;

    @Option(names = "--target-pid", split = ",",
            description = "The hub's process id(s), comma-separated (e.g. nginx workers): their summed RSS and CPU "
                    + "are read from /proc.")
    List<Long> targetPids = new ArrayList<>();

    @Option(names = "--connect-rate", defaultValue = "0",
            description = "New subscriber connections per second; 0 for as fast as accepted (default).")
    double connectRate;

    @Option(names = "--connect-phase", defaultValue = "30s",
            description = "How long the subscribers may take to connect before the run goes on without the rest.")
    Duration connectPhase;

    @Option(names = "--threads", description = "Event loop threads (default: the number of cores).")
    Integer threads;

    @Option(names = "--publish-connections", defaultValue = "1",
            description = "Publisher keep-alive connections; more than one may reorder events (default "
                    + "${DEFAULT-VALUE}).")
    int publishConnections;

    @Option(names = "--pipeline", defaultValue = "16",
            description = "Requests each publish connection may have in flight, answered in order "
                    + "(default ${DEFAULT-VALUE}). A connection the target answers with Connection: close is "
                    + "replaced at once.")
    int pipeline;

    @Option(names = "--warmup", defaultValue = "5s",
            description = "First open and close up to 5,000 unmeasured connections and publish unmeasured events "
                    + "this long, so both ends run compiled code; 0 skips both (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--slow-share", defaultValue = "0.1",
            description = "Share of subscribers that stop reading in the slow scenario (default ${DEFAULT-VALUE}).")
    double slowShare;

    @Option(names = "--resume",
            description = "Subscribers behave as EventSource: a stream that ends or breaks, or a reconnection "
                    + "refused, is opened again after the reconnection time (the server's retry:, else 3 s) with "
                    + "Last-Event-ID, until the run ends; the reconnections per second are reported.")
    boolean resume;

    @Option(names = "--retry-503",
            description = "The publisher sends an event answered 503 again after its Retry-After (default 1 s), "
                    + "before the next one, so the order holds (needs --pipeline 1); other failures count as "
                    + "publish errors, as whether the target stored them is unknown.")
    boolean retryRefused;

    @Option(names = "--json", description = "Write the results as JSON to this file.")
    Path json;

    @Option(names = "--plot", description = "Draw the latency percentiles into this PNG file.")
    Path plot;

    @Override
    public Integer call() throws InterruptedException, IOException {
        BenchOptions.Builder builder = BenchOptions.builder(scenario).subscribeUrl(subscribeUrl)
                .publishUrl(publishUrl).publishFormat(publishFormat).token(token).topic(topic)
                .subscribers(subscribers).rate(rate).size(size).duration(duration).drain(drain)
                .sourceAddresses(sourceAddresses).targetPids(targetPids).connectRate(connectRate).connectPhase(connectPhase)
                .publishConnections(publishConnections).pipeline(pipeline).warmup(warmup).slowShare(slowShare)
                .resume(resume).retryRefused(retryRefused).json(json).plot(plot);
        if (threads != null) {
            builder.threads(threads);
        }
        try {
            Report report = new LoadGenerator(builder.build(), System.err).run();
            System.out.print(report.toTable());
            return 0;
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            System.err.println("herald bench: " + e.getMessage());
            return 2;
        }
    }
}
