package dev.herald.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    boolean terminate(java.time.Duration within) throws InterruptedException {
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
