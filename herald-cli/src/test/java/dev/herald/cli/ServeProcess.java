package dev.herald.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code herald serve} in a JVM of its own, started as the launcher starts it: with the default JVM options of
 * {@code jvm.options} (or others), on this build's classes. Its standard output is read line by line; its log
 * (standard error) goes to a file.
 */
final class ServeProcess implements AutoCloseable {

    private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The launcher's defaults, as it reads them: comments dropped, split on whitespace. */
    static List<String> defaultJvmOptions() throws IOException {
        List<String> options = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("jvm.options"))) {
            String words = line.replaceAll("#.*", "").strip();
            if (!words.isEmpty()) {
                options.addAll(Arrays.asList(words.split("\\s+")));
            }
        }
        return options;
    }

    /**
     * The launcher's defaults with the quick compiler only: a node that a test starts, kills and starts again is
     * serving sooner, so the test is short.
     */
    static List<String> quickStartJvmOptions() throws IOException {
        List<String> options = defaultJvmOptions();
        options.add("-XX:TieredStopAtLevel=1");
        return options;
    }

    /** A loopback port free now, for a node to listen on. */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Waits up to 30 s for the hub on {@code port} to answer its readiness probe with 200. */
    static void awaitReady(int port) throws InterruptedException {
        URI ready = URI.create("http://127.0.0.1:" + port + "/healthz/ready");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                if (PROBE.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the hub on port " + port + " was not ready within 30 s");
            }
            Thread.sleep(50);
        }
    }

    final Process process;
    /** The hub's URL, as {@code herald serve} printed it. */
    final String url;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    ServeProcess(List<String> jvmOptions, Path log, String... serveArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve"));
        command.addAll(Arrays.asList(serveArgs));
        process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "herald-serve-stdout");
        reader.setDaemon(true);
        reader.start();
        String first = nextLine();
        if (!first.startsWith("Herald hub: ")) {
            close();
            throw new AssertionError("herald serve printed " + first + "; its log: " + Files.readString(log));
        }
        url = first.substring("Herald hub: ".length()).split("\\s+")[0];
    }

    /** The next line printed, waiting up to 60 s (a JVM starting on a busy machine). */
    String nextLine() throws InterruptedException {
        String line = lines.poll(60, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("herald serve printed nothing more within 60 s");
        }
        return line;
    }

    /** The process's resident memory now, in KiB, from /proc. */
    long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/" + process.pid() + "/status");
    }

    /**
     * Sends SIGTERM, as an orchestrator stopping the hub does, and waits at most {@code within} for the process to
     * end; returns whether it did (if not, it is still running).
     */
    boolean terminate(Duration within) throws InterruptedException {
        process.destroy();
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the hub (as Ctrl-C would), forcibly if it has not stopped within 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
