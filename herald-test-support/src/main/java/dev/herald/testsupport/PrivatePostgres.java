package dev.herald.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own ({@code initdb} into a temporary directory, then {@code postgres} in the
 * foreground on a free loopback port), which the test may stop and start again on the same port and data: an outage
 * and a restart without touching the machine's shared server. Trust authentication, user {@code postgres}. As root it
 * runs as the {@code postgres} user, which PostgreSQL requires. Stopped by its PID.
 */
public final class PrivatePostgres implements AutoCloseable {

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asRoot;
    private Process process;

    private PrivatePostgres(Path bin, Path dir, int port, boolean asRoot) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asRoot = asRoot;
    }

    /** Creates and starts a server; skips the test (fails it under CI) when PostgreSQL's programs are not installed. */
    public static PrivatePostgres start() throws IOException, InterruptedException {
        Path bin = binaries();
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path dir = Files.createTempDirectory("herald-postgres-");
        PrivatePostgres server = new PrivatePostgres(bin, dir, port, asRoot);
        if (asRoot) {
            runAsIs(List.of("chown", "postgres:postgres", dir.toString()));
        }
        server.run(server.as(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(),
                "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")));
        server.startAgain();
        return server;
    }

    private static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.isDirectory(root) ? Files.list(root) : Stream.empty()) {
            Path newest = versions.filter(version -> Files.isExecutable(version.resolve("bin/postgres")))
                    .max(Comparator.comparing(version -> version.getFileName().toString())).orElse(null);
            if (newest == null) {
                MissingComponent.skipOrFail("PostgreSQL's programs are not in /usr/lib/postgresql/*/bin (install the "
                        + "postgresql package)");
            }
            return newest.resolve("bin");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL of this server's {@code postgres} database. */
    public String url() {
        return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
    }

    /** Its loopback port. */
    public int port() {
        return port;
    }

    /** Starts the server (again) on the same port and data; waits, at most 20 s, until it accepts connections. */
    public void startAgain() throws IOException, InterruptedException {
        process = new ProcessBuilder(as(List.of(bin.resolve("postgres").toString(), "-D",
                dir.resolve("data").toString(), "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=" + dir, "-c", "max_connections=60")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("postgres.log").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!ready()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("postgres did not start on port " + port + ": "
                        + Files.readString(dir.resolve("postgres.log")));
            }
            Thread.sleep(50);
        }
    }

    /** Stops the server with a fast shutdown (SIGINT: clients are disconnected, the data kept); waits for its end. */
    public void stop() throws IOException, InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        runAsIs(List.of("kill", "-INT", Long.toString(process.pid())));
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Stops and starts it again: an outage of about as long as a restart takes. */
    public void restart() throws IOException, InterruptedException {
        stop();
        startAgain();
    }

    private boolean ready() throws IOException, InterruptedException {
        if (!accepts()) {
            return false;
        }
        Process probe = new ProcessBuilder(bin.resolve("pg_isready").toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-q").start();
        return probe.waitFor(5, TimeUnit.SECONDS) && probe.exitValue() == 0;
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private List<String> as(List<String> command) {
        if (!asRoot) {
            return command;
        }
        // setpriv replaces itself with the command: the PID stays the server's, for stop().
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres",
                "--init-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        Path log = dir.resolve("setup.log");
        Process setup = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!setup.waitFor(60, TimeUnit.SECONDS) || setup.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(log));
        }
    }

    private static void runAsIs(List<String> command) throws IOException, InterruptedException {
        Process setup = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!setup.waitFor(30, TimeUnit.SECONDS) || setup.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    /** Kills the server if it still runs (SIGKILL would leave its children: a fast shutdown first) and deletes its data. */
    @Override
    public void close() throws IOException {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }
}
