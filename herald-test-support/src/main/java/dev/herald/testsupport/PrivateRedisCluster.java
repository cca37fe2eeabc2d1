package dev.herald.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Redis Cluster of the test's own: six nodes on loopback ports, built by {@code redis-cli --cluster create} into
 * three masters with one replica each. A node is failed after 1 s without an answer ({@code cluster-node-timeout}),
 * and its replica promotes itself. Nothing is saved to disk.
 */
public final class PrivateRedisCluster implements AutoCloseable {

    private final Path dir;
    private final List<RedisServerProcess> nodes = new ArrayList<>();

    private PrivateRedisCluster(Path dir) {
        this.dir = dir;
    }

    /** Starts the nodes and creates the cluster; skips without redis-server and redis-cli (fails under CI). */
    public static PrivateRedisCluster start() throws IOException, InterruptedException {
        MissingComponent.requireProgram("redis-server", "redis-server");
        MissingComponent.requireProgram("redis-cli", "redis-tools");
        PrivateRedisCluster cluster = new PrivateRedisCluster(Files.createTempDirectory("herald-cluster-"));
        try {
            cluster.launch();
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void launch() throws IOException, InterruptedException {
        for (int i = 0; i < 6; i++) {
            int port = RedisServerProcess.freePort();
            // The cluster bus port is given too: by default it is the port + 10,000, which may be taken or past
            // 65,535 for a port the system chose.
            int bus = RedisServerProcess.freePort();
            Path home = Files.createDirectories(dir.resolve("node-" + port));
            nodes.add(RedisServerProcess.start(port, home, List.of("--bind", "127.0.0.1", "--port",
                    Integer.toString(port), "--cluster-port", Integer.toString(bus), "--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", "1000", "--save", "", "--appendonly", "no", "--dir", home.toString(),
                    "--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0")));
        }
        List<String> create = new ArrayList<>(List.of("--cluster", "create"));
        nodes.forEach(node -> create.add("127.0.0.1:" + node.port()));
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        String created = RedisServerProcess.cli(nodes.get(0).port(), create.toArray(String[]::new));
        if (!created.contains("All 16384 slots covered")) {
            throw new IllegalStateException("redis-cli --cluster create failed: " + created);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!nodes.stream().allMatch(node -> node.cli("cluster", "info").contains("cluster_state:ok"))
                || !replicasInSync()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the cluster did not become ok: " + nodes.get(0).cli("cluster",
                        "nodes"));
            }
            Thread.sleep(100);
        }
    }

    private boolean replicasInSync() {
        return nodes.stream().map(node -> node.cli("info", "replication")).filter(info -> info.contains("role:slave"))
                .allMatch(info -> info.contains("master_link_status:up"));
    }

    /** The transport's name for this cluster: {@code redis-cluster://} and every node as a seed. */
    public String url() {
        return "redis-cluster://" + nodes.stream().map(node -> "127.0.0.1:" + node.port())
                .collect(Collectors.joining(","));
    }

    /** The port of the master serving {@code key}'s slot now. */
    public int masterOf(String key) {
        int slot = Integer.parseInt(alive().cli("cluster", "keyslot", key));
        for (String line : alive().cli("cluster", "nodes").split("\\R")) {
            String[] fields = line.split(" ");
            if (fields.length < 9 || !fields[2].contains("master") || fields[2].contains("fail")) {
                continue;
            }
            for (int i = 8; i < fields.length; i++) {
                String[] range = fields[i].split("-");
                if (range[0].startsWith("[")) {
                    continue;
                }
                int from = Integer.parseInt(range[0]);
                int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                if (slot >= from && slot <= to) {
                    String address = fields[1].substring(0, fields[1].indexOf('@'));
                    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
                }
            }
        }
        throw new IllegalStateException("no master serves slot " + slot);
    }

    /** SIGKILLs the master serving {@code key} by its PID; returns its port. */
    public int killMasterOf(String key) throws InterruptedException {
        int port = masterOf(key);
        nodes.stream().filter(node -> node.port() == port).findFirst().orElseThrow().kill();
        return port;
    }

    /** Waits, at most {@code seconds}, until another master serves {@code key} and the cluster is ok again. */
    public int awaitNewMasterOf(String key, int oldPort, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try {
                int now = masterOf(key);
                if (now != oldPort && alive().cli("cluster", "info").contains("cluster_state:ok")) {
                    return now;
                }
            } catch (RuntimeException e) {
                // the topology is changing; ask again
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no failover of " + key + "'s master within " + seconds + " s");
    }

    /** Runs redis-cli against the node on {@code port}. */
    public String cli(int port, String... args) {
        return RedisServerProcess.cli(port, args);
    }

    private RedisServerProcess alive() {
        return nodes.stream().filter(RedisServerProcess::alive).findFirst().orElseThrow();
    }

    /** Kills every node by its PID and deletes the files. */
    @Override
    public void close() throws IOException {
        nodes.forEach(RedisServerProcess::stop);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }
}
