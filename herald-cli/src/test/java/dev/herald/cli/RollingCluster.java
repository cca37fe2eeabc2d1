package dev.herald.cli;

import dev.herald.testsupport.MissingComponent;
import dev.herald.testsupport.PrivateNginx;
import dev.herald.testsupport.PrivateRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Two {@code herald serve} nodes, each a process of its own, on a private Redis, behind a private nginx configured by
 * {@code bench/rolling-nginx.conf}: what a rolling restart is tried on. A node is rolled as an orchestrator does it:
 * SIGTERM, wait for it to end, start it again on the same port, wait until it is ready. Everything it started is
 * stopped by PID when it closes.
 */
final class RollingCluster implements AutoCloseable {

    private final Path dir;
    private final List<String> nodeArgs;
    private final PrivateRedis redis;
    private final int[] ports = new int[2];
    private final ServeProcess[] nodes = new ServeProcess[2];
    private final Path[] logs = new Path[2];
    private final int proxyPort;
    private PrivateNginx nginx;

    /**
     * Starts Redis, the two nodes (with {@code nodeArgs} besides their address and transport) and nginx, whose
     * {@code max_fails=1} keeps a node out for {@code failTimeout} (in nginx's syntax, as {@code 2s}).
     */
    RollingCluster(Path dir, List<String> nodeArgs, String failTimeout) throws Exception {
        this.dir = dir;
        this.nodeArgs = nodeArgs;
        MissingComponent.requireProgram("nginx", "nginx"); // before starting anything else
        this.redis = PrivateRedis.start();
        try {
            ports[0] = ServeProcess.freePort();
            ports[1] = ServeProcess.freePort();
            proxyPort = ServeProcess.freePort();
            CompletableFuture<Void> a = CompletableFuture.runAsync(() -> start(0));
            CompletableFuture<Void> b = CompletableFuture.runAsync(() -> start(1));
            a.join();
            b.join();
            awaitReady(0);
            awaitReady(1);
            nginx = PrivateNginx.start(Path.of("..", "bench", "rolling-nginx.conf"), Map.of("LISTEN",
                    Integer.toString(proxyPort), "NODE_A", "127.0.0.1:" + ports[0], "NODE_B", "127.0.0.1:" + ports[1],
                    "FAIL_TIMEOUT", failTimeout), proxyPort);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** The hub's URL through nginx. */
    String proxyUrl() {
        return "http://127.0.0.1:" + proxyPort + "/.well-known/mercure";
    }

    /**
     * Rolls node {@code index}: SIGTERM, then waits at most {@code within} for it to end (failing if it does not),
     * starts it again on its port and waits until it is ready. Returns the log of the process that ended.
     */
    String roll(int index, Duration within) throws Exception {
        if (!nodes[index].terminate(within)) {
            throw new AssertionError("node " + index + " did not end within " + within + " of SIGTERM");
        }
        String ended = Files.readString(logs[index]);
        start(index);
        awaitReady(index);
        return ended;
    }

    private void start(int index) {
        List<String> args = new ArrayList<>(List.of("--addr", "127.0.0.1:" + ports[index], "--transport",
                redis.url()));
        args.addAll(nodeArgs);
        try {
            Path log = dir.resolve("node-" + index + "-" + System.nanoTime() + ".log");
            List<String> jvm = ServeProcess.quickStartJvmOptions();
            nodes[index] = new ServeProcess(jvm, log, args.toArray(String[]::new));
            logs[index] = log;
        } catch (IOException e) {
            throw new CompletionException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    private void awaitReady(int index) throws InterruptedException {
        ServeProcess.awaitReady(ports[index]);
    }

    /** Stops nginx, the nodes and Redis, each by its PID. */
    @Override
    public void close() throws IOException {
        if (nginx != null) {
            nginx.close();
        }
        for (ServeProcess node : nodes) {
            if (node != null) {
                node.close();
            }
        }
        redis.close();
    }
}
