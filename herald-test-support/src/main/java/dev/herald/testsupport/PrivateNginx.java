package dev.herald.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An nginx of the test's own, in the foreground ({@code daemon off}), run from a configuration file whose
 * {@code @NAME@} placeholders the test fills in, with a temporary directory as its prefix (its pid file, logs and
 * temporary files, named relatively in the configuration). Stopped by its master's PID, and its workers by theirs.
 */
public final class PrivateNginx implements AutoCloseable {

    private final Process master;
    private final Path prefix;

    private PrivateNginx(Process master, Path prefix) {
        this.master = master;
        this.prefix = prefix;
    }

    /**
     * Starts nginx with {@code template}, each {@code @KEY@} in it replaced by its value, and waits (at most 10 s)
     * until it accepts on 127.0.0.1:{@code port}; skips the test (fails it under CI) when nginx is not installed.
     */
    public static PrivateNginx start(Path template, Map<String, String> values, int port)
            throws IOException, InterruptedException {
        MissingComponent.requireProgram("nginx", "nginx");
        String config = Files.readString(template);
        for (Map.Entry<String, String> value : values.entrySet()) {
            config = config.replace("@" + value.getKey() + "@", value.getValue());
        }
        if (config.matches("(?s).*@[A-Z_]+@.*")) {
            throw new IllegalArgumentException("a placeholder of " + template + " was not given a value");
        }
        // Workers run as another user when nginx starts as root: they must reach the prefix.
        Path prefix = Files.createTempDirectory("herald-nginx-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.writeString(prefix.resolve("nginx.conf"), config);
        // -e: the error log of the start itself, before the configuration names one.
        Process master = new ProcessBuilder("nginx", "-p", prefix + "/", "-c", prefix.resolve("nginx.conf").toString(),
                "-e", "stderr").redirectErrorStream(true).redirectOutput(prefix.resolve("nginx.out").toFile()).start();
        PrivateNginx nginx = new PrivateNginx(master, prefix);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!accepts(port)) {
            if (!master.isAlive() || System.nanoTime() > deadline) {
                String output = Files.readString(prefix.resolve("nginx.out"));
                nginx.close();
                throw new IllegalStateException("nginx did not start on port " + port + ": " + output);
            }
            Thread.sleep(20);
        }
        return nginx;
    }

    /** What nginx wrote to its error log so far. */
    public String errorLog() throws IOException {
        Path log = prefix.resolve("error.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops nginx (SIGTERM to its master, which stops the workers), then kills by PID whatever is left. */
    @Override
    public void close() throws IOException {
        List<ProcessHandle> workers = master.descendants().toList();
        master.destroy();
        try {
            if (!master.waitFor(10, TimeUnit.SECONDS)) {
                master.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try (Stream<Path> files = Files.walk(prefix)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }
}
