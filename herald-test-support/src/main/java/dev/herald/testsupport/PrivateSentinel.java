package dev.herald.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Redis master, two replicas and three Sentinels of the test's own, on loopback ports: the smallest deployment that
 * fails over by itself. The Sentinels monitor the master as {@value #MASTER}, call it down after 1 s without an
 * answer and elect a replica with a quorum of 2. Nothing is saved to disk.
 */
public final class PrivateSentinel implements AutoCloseable {

    /** The name the Sentinels know the master by. */
    public static final String MASTER = "herald";

    private final Path dir;
    private final List<RedisServerProcess> servers = new ArrayList<>();
    private final List<RedisServerProcess> sentinels = new ArrayList<>();

    private PrivateSentinel(Path dir) {
        this.dir = dir;
    }

    /** Starts them all and waits until the Sentinels know the replicas and each other; skips without redis-server. */
    public static PrivateSentinel start() throws IOException, InterruptedException {
        MissingComponent.requireProgram("redis-server", "redis-server");
        MissingComponent.requireProgram("redis-cli", "redis-tools");
        PrivateSentinel deployment = new PrivateSentinel(Files.createTempDirectory("herald-sentinel-"));
        try {
            deployment.launch();
        } catch (IOException | InterruptedException | RuntimeException e) {
            deployment.close();
            throw e;
        }
        return deployment;
    }

    private void launch() throws IOException, InterruptedException {
        int masterPort = RedisServerProcess.freePort();
        servers.add(server(masterPort, List.of()));
        for (int i = 0; i < 2; i++) {
            servers.add(server(RedisServerProcess.freePort(), List.of("--replicaof", "127.0.0.1",
                    Integer.toString(masterPort))));
        }
        awaitTrue(() -> servers.get(0).cli("info", "replication").contains("connected_slaves:2")
                && servers.stream().skip(1).allMatch(replica -> replica.cli("info", "replication")
                        .contains("master_link_status:up")), "the replicas to sync");
        for (int i = 0; i < 3; i++) {
            int port = RedisServerProcess.freePort();
            Path home = Files.createDirectories(dir.resolve("sentinel-" + port));
            Path conf = home.resolve("sentinel.conf");
            Files.writeString(conf, String.join("\n",
                    "port " + port,
                    "bind 127.0.0.1",
                    "dir " + home,
                    "sentinel monitor " + MASTER + " 127.0.0.1 " + masterPort + " 2",
                    "sentinel down-after-milliseconds " + MASTER + " 1000",
                    "sentinel failover-timeout " + MASTER + " 10000",
                    "sentinel parallel-syncs " + MASTER + " 2",
                    ""));
            sentinels.add(RedisServerProcess.start(port, home, List.of(conf.toString(), "--sentinel")));
        }
        awaitTrue(() -> sentinels.stream().allMatch(sentinel -> {
            String state = sentinel.cli("sentinel", "master", MASTER);
            return field(state, "num-slaves").equals("2") && field(state, "num-other-sentinels").equals("2");
        }), "the Sentinels to find the replicas and each other");
    }

    private RedisServerProcess server(int port, List<String> extra) throws IOException, InterruptedException {
        Path home = Files.createDirectories(dir.resolve("redis-" + port));
        List<String> arguments = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--save", "", "--appendonly", "no", "--dir", home.toString(), "--repl-diskless-sync", "yes",
                "--repl-diskless-sync-delay", "0"));
        arguments.addAll(extra);
        return RedisServerProcess.start(port, home, arguments);
    }

    /** The transport's name for this deployment: {@code redis-sentinel://...#herald}. */
    public String url() {
        return "redis-sentinel://" + sentinels.stream().map(sentinel -> "127.0.0.1:" + sentinel.port())
                .collect(Collectors.joining(",")) + "#" + MASTER;
    }

    /** The port of the master the Sentinels name now. */
    public int masterPort() {
        for (RedisServerProcess sentinel : sentinels) {
            if (sentinel.alive()) {
                String[] address = sentinel.cli("sentinel", "get-master-addr-by-name", MASTER).split("\\R");
                if (address.length == 2) {
                    return Integer.parseInt(address[1].strip());
                }
            }
        }
        throw new IllegalStateException("no Sentinel names a master");
    }

    /** The ports of the data servers still running (master and replicas). */
    public List<Integer> serverPorts() {
        return servers.stream().filter(RedisServerProcess::alive).map(RedisServerProcess::port).toList();
    }

    /** Runs redis-cli against the server on {@code port}. */
    public String cli(int port, String... args) {
        return RedisServerProcess.cli(port, args);
    }

    /** SIGKILLs the current master by its PID; returns its port. */
    public int killMaster() throws InterruptedException {
        int port = masterPort();
        RedisServerProcess master = servers.stream().filter(server -> server.port() == port).findFirst()
                .orElseThrow();
        master.kill();
        return port;
    }

    /**
     * Freezes (SIGSTOP) or thaws (SIGCONT) the data server on {@code port}: a replica that stops acknowledging
     * without its connection closing, as a stalled machine does.
     */
    public void freeze(int port, boolean frozen) throws IOException, InterruptedException {
        servers.stream().filter(server -> server.port() == port).findFirst().orElseThrow()
                .signal(frozen ? "STOP" : "CONT");
    }

    /** Waits, at most {@code seconds}, until the Sentinels name a master other than the one on {@code oldPort}. */
    public int awaitNewMaster(int oldPort, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try {
                int now = masterPort();
                if (now != oldPort && cli(now, "role").startsWith("master")) {
                    return now;
                }
            } catch (RuntimeException e) {
                // a Sentinel in the middle of the election; ask again
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no failover within " + seconds + " s: " + sentinels.get(0).log());
    }

    private static String field(String reply, String name) {
        String[] lines = reply.split("\\R");
        for (int i = 0; i + 1 < lines.length; i += 2) {
            if (lines[i].strip().equals(name)) {
                return lines[i + 1].strip();
            }
        }
        return "";
    }

    private interface Check {
        boolean holds();
    }

    private static void awaitTrue(Check check, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    /** Kills every process by its PID and deletes the files. */
    @Override
    public void close() throws IOException {
        for (RedisServerProcess server : servers) {
            try {
                server.signal("CONT"); // a frozen process takes SIGKILL too, but let it go in order
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sentinels.forEach(RedisServerProcess::stop);
        servers.forEach(RedisServerProcess::stop);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }

    /** The port of a running replica, if any. */
    public Optional<Integer> aReplicaPort() {
        int master = masterPort();
        return serverPorts().stream().filter(port -> port != master).findFirst();
    }
}
