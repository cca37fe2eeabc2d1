package dev.herald.sqlite;

import dev.herald.hub.Hub;
import dev.herald.testsupport.TestHub;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A hub on a SQLite history in a JVM of its own, so that a test can kill it with SIGKILL: no shutdown hook, no last
 * commit, no orderly close of the file. {@link #main} is what runs in that JVM.
 */
final class HubProcess implements AutoCloseable {

    private static final String READY = "READY ";

    private final Process process;
    private final String url;

    private HubProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Starts a hub on the history file {@code file} and waits, at most 30 s, until it listens. */
    static HubProcess start(Path file) throws IOException, InterruptedException {
        return start(file, 0);
    }

    /**
     * Starts a hub on {@code file} under a file size limit of {@code maxFileKib} KiB ({@code ulimit -f}; 0 for
     * none): a write past it fails as on a full disk (EFBIG; the JVM ignores SIGXFSZ).
     */
    static HubProcess start(Path file, long maxFileKib) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>();
        if (maxFileKib > 0) {
            // bash's ulimit -f counts 1024-byte blocks; exec keeps the PID, so kill() still reaches the JVM.
            command.addAll(List.of("bash", "-c", "ulimit -f " + maxFileKib + " && exec \"$0\" \"$@\""));
        }
        command.addAll(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), HubProcess.class.getName(), file.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            // Reads the hub's output to the end, so that a full pipe never blocks it.
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                StringBuilder early = new StringBuilder();
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith(READY)) {
                        ready.complete(line.substring(READY.length()));
                    } else if (!ready.isDone() && early.length() < 4_000) {
                        early.append(line).append('\n');
                    }
                }
                ready.completeExceptionally(new IllegalStateException("the hub ended before it listened:\n" + early));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        }, "hub-process-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new HubProcess(process, ready.get(30, TimeUnit.SECONDS));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the hub did not start", e);
        }
    }

    /** The hub's Mercure URL. */
    String url() {
        return url;
    }

    /** Kills the hub with SIGKILL and waits, at most 10 s, until it is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }

    /** The hub on the history file {@code args[0]}; it ends when its parent closes its input. */
    public static void main(String[] args) throws IOException {
        Hub hub = TestHub.start(SqliteTransport.open(Path.of(args[0])));
        System.out.println(READY + hub.url());
        System.out.flush();
        while (System.in.read() >= 0) {
            // the test process holds our input open while it lives
        }
        hub.close();
    }
}
