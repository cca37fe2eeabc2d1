package dev.herald.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A Lua script shipped as a resource of this package, run by its SHA-1 and sent in full only when Redis does not
 * know it yet (first use, or after Redis restarted and lost its script cache).
 *
 * @param name the resource name, for messages
 * @param source the script
 * @param sha1 the script's SHA-1 in hex, as EVALSHA takes it
 */
record LuaScript(String name, String source, String sha1) {

    /** Loads {@code resource} from this package. */
    static LuaScript load(String resource) {
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + resource);
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new LuaScript(resource, source, HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }

    /** Runs the script; the future completes with what it returned, typed by {@code output}. */
    <T> CompletableFuture<T> run(RedisClusterAsyncCommands<String, String> commands, ScriptOutputType output,
            String[] keys, String... args) {
        return run(commands, false, output, keys, args);
    }

    /**
     * Runs a script that only reads as {@code EVALSHA_RO}, which a client reading from replicas sends to a replica
     * (Redis 7 and later).
     */
    <T> CompletableFuture<T> runReadOnly(RedisClusterAsyncCommands<String, String> commands, ScriptOutputType output,
            String[] keys, String... args) {
        return run(commands, true, output, keys, args);
    }

    private <T> CompletableFuture<T> run(RedisClusterAsyncCommands<String, String> commands, boolean readOnly,
            ScriptOutputType output, String[] keys, String... args) {
        CompletableFuture<T> bySha = (readOnly ? commands.<T>evalshaReadOnly(sha1, output, keys, args)
                : commands.<T>evalsha(sha1, output, keys, args)).toCompletableFuture();
        return bySha.exceptionallyCompose(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof RedisNoScriptException) {
                // EVAL also caches the script, so the next call goes by SHA again.
                return (readOnly ? commands.<T>evalReadOnly(source, output, keys, args)
                        : commands.<T>eval(source, output, keys, args)).toCompletableFuture();
            }
            return CompletableFuture.failedFuture(cause);
        });
    }
}
