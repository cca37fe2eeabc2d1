package dev.herald.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code redis-server} process of a test's own (a server, a cluster node or a Sentinel), on a loopback port, with
 * its files and log in a directory of its own; stopped by its PID, with SIGKILL when the test says so.
 */
final class RedisServerProcess {

    private final int port;
    private final Path dir;
    private final Process process;

    private RedisServerProcess(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /** A free loopback port (free when asked; the server binds it right after). */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /**
     * Starts {@code redis-server} with {@code arguments} (a configuration file first, if any) in {@code dir}, and
     * waits until it answers on {@code port}.
     */
    static RedisServerProcess start(int port, Path dir, List<String> arguments) throws IOException,
            InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("redis-server");
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        RedisServerProcess server = new RedisServerProcess(port, dir, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!server.accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-server did not start on port " + port + ": "
                        + Files.readString(dir.resolve("redis.log")));
            }
            Thread.sleep(20);
        }
        return server;
    }

    /** Its loopback port. */
    int port() {
        return port;
    }

    /** Its process id. */
    long pid() {
        return process.pid();
    }

    /** Whether it still runs. */
    boolean alive() {
        return process.isAlive();
    }

    /** Kills it with SIGKILL, as a crash would, and waits for it to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Sends it {@code signal} ({@code STOP} freezes it, as a stalled machine; {@code CONT} thaws it). */
    void signal(String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                .waitFor(5, TimeUnit.SECONDS);
    }

    /** Runs {@code redis-cli -p PORT args...} against it and returns what it printed (raw, one value a line). */
    String cli(String... args) {
        return RedisServerProcess.cli(port, args);
    }

    /** Runs {@code redis-cli -p port args...} and returns what it printed. */
    static String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        try {
            Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = cli.getInputStream().readAllBytes();
            cli.waitFor(10, TimeUnit.SECONDS);
            return new String(output, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Its log so far, for a failure's message. */
    String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills it if it still runs. */
    void stop() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
