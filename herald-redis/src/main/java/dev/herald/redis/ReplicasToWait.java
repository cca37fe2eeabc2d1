package dev.herald.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * How many replicas an append waits for: a fixed number, or {@code auto}, which is 1 when the master has a replica
 * attached and 0 when it has none (a lone server, where there is nothing to wait for and no failover to lose an
 * update to). {@code auto} is asked of each new connection to the master, so it follows a failover.
 *
 * @param fixed the number, or empty for {@code auto}
 */
record ReplicasToWait(OptionalInt fixed) {

    private static final LuaScript COUNT = LuaScript.load("replicas.lua");

    /** {@code auto}. */
    static final ReplicasToWait AUTO = new ReplicasToWait(OptionalInt.empty());

    /** Checks the number. */
    ReplicasToWait {
        if (fixed.isPresent() && fixed.getAsInt() < 0) {
            throw new IllegalArgumentException("the replicas to wait for must be auto or at least 0: "
                    + fixed.getAsInt());
        }
    }

    /** {@code auto} or a number of replicas. */
    static ReplicasToWait parse(String text) {
        String value = text.strip();
        if (value.equalsIgnoreCase("auto")) {
            return AUTO;
        }
        try {
            return new ReplicasToWait(OptionalInt.of(Integer.parseInt(value)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the replicas to wait for must be auto or a number: " + value, e);
        }
    }

    /** The number of replicas to wait for on the master behind {@code master}: for {@code auto}, asked of it. */
    CompletableFuture<Integer> count(RedisClusterAsyncCommands<String, String> master) {
        if (fixed.isPresent()) {
            return CompletableFuture.completedFuture(fixed.getAsInt());
        }
        return COUNT.<Long>run(master, ScriptOutputType.INTEGER, new String[0])
                .thenApply(attached -> attached > 0 ? 1 : 0);
    }

    @Override
    public String toString() {
        return fixed.isPresent() ? Integer.toString(fixed.getAsInt()) : "auto";
    }
}
