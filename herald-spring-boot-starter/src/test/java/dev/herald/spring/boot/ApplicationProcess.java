package dev.herald.spring.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spring Boot application of the tests' class path run as a process of its own, so that it can be sent a real
 * SIGTERM. It writes its port to a file; its output goes to a log file.
 */
final class ApplicationProcess implements AutoCloseable {

    private final Process process;
    private final Path portFile;
    private final Path log;

    private ApplicationProcess(Process process, Path portFile, Path log) {
        this.process = process;
        this.portFile = portFile;
        this.log = log;
    }

    /** Starts {@code mainClass} with {@code args}; its port file and log go to {@code directory} as {@code name}. */
    static ApplicationProcess start(Class<?> mainClass, Path directory, String name, String... args)
            throws IOException {
        Path portFile = directory.resolve(name + ".port");
        Path log = directory.resolve(name + ".log");
        Files.deleteIfExists(portFile);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dherald.test.port-file=" + portFile, "-cp",
                // Surefire runs the tests from a jar whose manifest names the class path; this is the path itself.
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                mainClass.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ApplicationProcess(process, portFile, log);
    }

    /** The port the application serves on, once it has started. */
    int awaitPort(Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the application stopped: " + log());
            }
            if (Files.exists(portFile)) {
                String port = Files.readString(portFile).strip();
                if (!port.isEmpty()) {
                    return Integer.parseInt(port);
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the application did not start within " + limit + ": " + log());
    }

    /** Sends the process SIGTERM, as a service manager or Kubernetes does, by its PID. */
    void terminate() {
        process.toHandle().destroy();
    }

    /** Waits for the process to exit; returns whether it did within {@code limit}. */
    boolean awaitExit(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The application's output so far. */
    String log() throws IOException {
        return Files.readString(log);
    }

    /** Kills the process if it is still running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
