package dev.herald.testsupport;

import dev.herald.hub.Hub;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A hub in a JVM of its own, so that a test can kill it with SIGKILL: no shutdown hook, no last chunk, no orderly
 * close of what it writes to. The child runs a test class's {@code main}, which starts its hub and hands it to
 * {@link #serve}; the parent waits for the hub's URL on the child's output.
 */
public final class HubProcess implements AutoCloseable {

    private static final String READY = "HUB-PROCESS-READY ";
    /** How many of the child's last output lines {@link #output} keeps. */
    private static final int KEPT_LINES = 500;

    private final Process process;
    private final String url;
    private final Deque<String> lastLines;

    private HubProcess(Process process, String url, Deque<String> lastLines) {
        this.process = process;
        this.url = url;
        this.lastLines = lastLines;
    }

    /** Runs {@code main} with {@code args} in a new JVM on this classpath; waits, at most 30 s, until its hub listens. */
    public static HubProcess start(Class<?> main, String... args) throws IOException {
        return launch(0, Map.of(), main, args);
    }

    /** The same, with {@code environment} added to the child's environment (a preloaded library, say). */
    public static HubProcess startWithEnvironment(Map<String, String> environment, Class<?> main, String... args)
            throws IOException {
        return launch(0, environment, main, args);
    }

    /**
     * The same, with no file of the child's allowed past {@code maxFileKib} KiB ({@code ulimit -f}; 0 for no limit):
     * a write past it fails as on a full disk (EFBIG; the JVM ignores SIGXFSZ).
     */
    public static HubProcess startWithFileLimit(long maxFileKib, Class<?> main, String... args) throws IOException {
        return launch(maxFileKib, Map.of(), main, args);
    }

    private static HubProcess launch(long maxFileKib, Map<String, String> environment, Class<?> main, String... args)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>();
        if (maxFileKib > 0) {
            // bash's ulimit -f counts 1024-byte blocks; exec keeps the PID, so kill() still reaches the JVM.
            command.addAll(List.of("bash", "-c", "ulimit -f " + maxFileKib + " && exec \"$0\" \"$@\""));
        }
        command.addAll(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Deque<String> lastLines = new ArrayDeque<>();
        Thread reader = new Thread(() -> readOutput(process, ready, lastLines), "hub-process-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new HubProcess(process, ready.get(30, TimeUnit.SECONDS), lastLines);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the hub process " + main.getSimpleName() + " did not start", e);
        }
    }

    /**
     * Reads the child's output to the end, so that a full pipe never blocks it; the ready line gives the URL, and
     * the last {@value #KEPT_LINES} lines after it are kept in {@code lastLines}.
     */
    private static void readOutput(Process process, CompletableFuture<String> ready, Deque<String> lastLines) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            StringBuilder early = new StringBuilder();
            while ((line = lines.readLine()) != null) {
                if (line.startsWith(READY)) {
                    ready.complete(line.substring(READY.length()));
                } else if (ready.isDone()) {
                    synchronized (lastLines) {
                        if (lastLines.size() == KEPT_LINES) {
                            lastLines.removeFirst();
                        }
                        lastLines.addLast(line);
                    }
                } else if (!ready.isDone() && early.length() < 4_000) {
                    early.append(line).append('\n');
                }
            }
            ready.completeExceptionally(new IllegalStateException("the hub ended before it listened:\n" + early));
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }

    /**
     * In the child: announces {@code hub} to the parent and serves until the parent ends (it holds the child's input
     * open while it lives), then closes the hub.
     */
    public static void serve(Hub hub) throws IOException {
        System.out.println(READY + hub.url());
        System.out.flush();
        while (System.in.read() >= 0) {
            // the parent holds our input open while it lives
        }
        hub.close();
    }

    /** The last lines the hub has written (its log) since it listened, one per line. */
    public String output() {
        synchronized (lastLines) {
            return String.join("\n", lastLines);
        }
    }

    /** The hub's Mercure URL. */
    public String url() {
        return url;
    }

    /** Kills the hub's JVM with SIGKILL and waits, at most 10 s, until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the hub. */
    @Override
    public void close() {
        kill();
    }
}
