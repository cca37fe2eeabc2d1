package dev.herald.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * The results of one run.
 *
 * @param scenario the scenario's name
 * @param transport epoll or nio
 * @param subscribers subscriber connections attempted
 * @param connected subscribers whose stream opened
 * @param connectFailures connection attempts (including reconnections) that failed or were refused
 * @param slowSubscribers subscribers that stopped reading (not in the delivery counts)
 * @param published events the target accepted
 * @param publishErrors publish requests refused or lost
 * @param expected deliveries due: accepted events times the measured subscribers on their topic
 * @param delivered distinct events received by measured subscribers
 * @param missing expected deliveries that never came
 * @param duplicated arrivals of an event already received
 * @param reordered events received after one with a higher sequence number
 * @param disconnects streams the target closed or that broke unasked
 * @param connectPerSec subscribers connected per second while connecting
 * @param seconds how long publishing (or, for idle, holding) lasted
 * @param deliveredPerSec delivered divided by seconds
 * @param latency publish-to-delivery latency
 * @param connect time to a 200 answer of first connections
 * @param reconnect the same for reconnections (storm)
 * @param publish time from an event's due time to the answer to its publish request
 * @param targetRssBytes the target's RSS at the end, or -1 when no target pid was given
 * @param targetRssBeforeBytes the target's RSS before the subscribers connected, or -1
 * @param targetRssPerSubscriberBytes the RSS growth divided by the connected subscribers, or -1
 * @param targetCpuPercent the target's CPU while publishing (or holding), in percent of one core, or -1
 * @param clientCpuPercent this process's CPU over the same time: near threads x 100 means the client saturated
 * @param clientThreads the client's event loop threads
 * @param rate the events per second asked for
 * @param size the event size asked for
 * @param publishRetries publish requests answered 503 and sent again ({@code --retry-503})
 * @param reconnectAttemptsPerSecond reconnections begun (requests the target received), in each second of the run
 * @param reconnectsPerSecond reconnections that got their 200, in each second of the run
 */
public record Report(String scenario, String transport, int subscribers, long connected, long connectFailures,
        long slowSubscribers, long published, long publishErrors, long expected, long delivered, long missing,
        long duplicated, long reordered, long disconnects, double connectPerSec, double seconds, double deliveredPerSec,
        Percentiles latency, Percentiles connect, Percentiles reconnect, Percentiles publish, long targetRssBytes,
        long targetRssBeforeBytes, long targetRssPerSubscriberBytes, double targetCpuPercent,
        double clientCpuPercent, int clientThreads, double rate, int size, long publishRetries,
        List<Long> reconnectAttemptsPerSecond, List<Long> reconnectsPerSecond) {

    /** Copies the lists. */
    public Report {
        reconnectAttemptsPerSecond = List.copyOf(reconnectAttemptsPerSecond);
        reconnectsPerSecond = List.copyOf(reconnectsPerSecond);
    }

    /** Reconnections that got their 200, in all. */
    public long reconnects() {
        return reconnectsPerSecond.stream().mapToLong(Long::longValue).sum();
    }

    /** The most reconnections answered 200 in one second of the run. */
    public long peakReconnectsPerSecond() {
        return reconnectsPerSecond.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** The most reconnections begun in one second of the run: the peak rate the target received them at. */
    public long peakReconnectAttemptsPerSecond() {
        return reconnectAttemptsPerSecond.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** The report as a JSON object, with snake_case keys. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", scenario);
        json.put("transport", transport);
        json.put("subscribers", subscribers);
        json.put("connected", connected);
        json.put("connect_failures", connectFailures);
        json.put("slow_subscribers", slowSubscribers);
        json.put("rate", rate);
        json.put("size", size);
        json.put("published", published);
        json.put("publish_errors", publishErrors);
        json.put("publish_retries", publishRetries);
        json.put("expected", expected);
        json.put("delivered", delivered);
        json.put("missing", missing);
        json.put("duplicated", duplicated);
        json.put("reordered", reordered);
        json.put("disconnects", disconnects);
        json.put("reconnects", reconnects());
        json.put("peak_reconnects_per_sec", peakReconnectsPerSecond());
        json.put("reconnects_per_sec", reconnectsPerSecond);
        json.put("peak_reconnect_attempts_per_sec", peakReconnectAttemptsPerSecond());
        json.put("reconnect_attempts_per_sec", reconnectAttemptsPerSecond);
        json.put("connect_per_sec", connectPerSec);
        json.put("seconds", seconds);
        json.put("delivered_per_sec", deliveredPerSec);
        json.put("latency_ms", percentiles(latency));
        json.put("connect_ms", percentiles(connect));
        json.put("reconnect_ms", percentiles(reconnect));
        json.put("publish_ms", percentiles(publish));
        json.put("target_rss_bytes", targetRssBytes);
        json.put("target_rss_before_bytes", targetRssBeforeBytes);
        json.put("target_rss_per_subscriber_bytes", targetRssPerSubscriberBytes);
        json.put("target_cpu_percent", targetCpuPercent);
        json.put("client_cpu_percent", clientCpuPercent);
        json.put("client_threads", clientThreads);
        return json;
    }

    private static Map<String, Object> percentiles(Percentiles p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("count", p.count());
        json.put("p50", p.p50());
        json.put("p90", p.p90());
        json.put("p99", p.p99());
        json.put("p999", p.p999());
        json.put("max", p.max());
        return json;
    }

    /** Writes {@link #toJson()} to {@code file}, indented. */
    public void writeJson(Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toJson());
    }

    /** The report as a table for a terminal. */
    public String toTable() {
        StringBuilder out = new StringBuilder();
        row(out, "scenario", scenario + " (" + transport + ", " + clientThreads + " client threads)");
        row(out, "subscribers", subscribers + " asked, " + connected + " connected, " + connectFailures
                + " connect failures" + (slowSubscribers > 0 ? ", " + slowSubscribers + " slow" : ""));
        if (rate > 0) {
            row(out, "publishing", String.format(Locale.ROOT, "%.0f ev/s x %d B for %.1f s: %d accepted, %d errors",
                    rate, size, seconds, published, publishErrors)
                    + (publishRetries > 0 ? ", " + publishRetries + " retried after 503" : ""));
            row(out, "deliveries", String.format(Locale.ROOT,
                    "%d expected, %d delivered (%.0f/s), %d missing, %d duplicated, %d reordered", expected,
                    delivered, deliveredPerSec, missing, duplicated, reordered));
            row(out, "latency ms", line(latency));
            row(out, "publish ms", line(publish));
        }
        row(out, "connect ms", line(connect) + String.format(Locale.ROOT, "  %.0f/s", connectPerSec));
        if (reconnect.count() > 0) {
            row(out, "reconnect ms", line(reconnect));
        }
        row(out, "disconnects", Long.toString(disconnects));
        if (reconnects() > 0) {
            row(out, "reconnects", String.format(Locale.ROOT, "%d; at most %d begun and %d answered 200 in one second",
                    reconnects(), peakReconnectAttemptsPerSecond(), peakReconnectsPerSecond()));
        }
        if (targetRssBytes >= 0) {
            row(out, "target", String.format(Locale.ROOT, "RSS %.1f MiB (%.1f MiB before, %d B per subscriber), "
                    + "CPU %.0f%%", targetRssBytes / 1048576.0, targetRssBeforeBytes / 1048576.0,
                    targetRssPerSubscriberBytes, targetCpuPercent));
        }
        row(out, "client CPU", String.format(Locale.ROOT, "%.0f%% (of %d%% for its event loops)", clientCpuPercent,
                clientThreads * 100));
        return out.toString();
    }

    private static String line(Percentiles p) {
        return String.format(Locale.ROOT, "p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  (n=%d)", p.p50(),
                p.p90(), p.p99(), p.p999(), p.max(), p.count());
    }

    private static void row(StringBuilder out, String name, String value) {
        out.append(String.format(Locale.ROOT, "%-13s %s%n", name, value));
    }
}
