package dev.herald.redis;

import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The names of a Redis transport and the endpoint each names:
 * <ul>
 * <li>{@code redis://[[user]:password@]host[:port][/db]} and {@code rediss://...} (TLS): one server;</li>
 * <li>{@code redis-sentinel://[[user]:password@]host[:port][,host[:port]...][/db]#master} (and
 * {@code rediss-sentinel://}), Lettuce's form: the master the Sentinels at those addresses name {@code master};</li>
 * <li>{@code redis-cluster://[[user]:password@]host:port[,host:port...]} (and {@code rediss-cluster://}): a Redis
 * Cluster from its seed nodes.</li>
 * </ul>
 * A user and password are an ACL user's (a password alone is {@code AUTH password}).
 */
final class RedisName {

    private static final List<String> SCHEMES = List.of("redis://", "rediss://", "redis-sentinel://",
            "rediss-sentinel://", "redis-socket://", "redis-cluster://", "rediss-cluster://");

    private RedisName() {
    }

    /** Whether {@code name} is one of the forms above. */
    static boolean accepts(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        return SCHEMES.stream().anyMatch(lower::startsWith);
    }

    /**
     * The endpoint {@code name} names, reading as {@code readFrom} says.
     *
     * @throws IllegalArgumentException when the name is not valid; the message never repeats a credential
     */
    static RedisEndpoint endpoint(String name, ClientResources resources, Optional<ReadFrom> readFrom) {
        String text = name.strip();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("redis-cluster://") || lower.startsWith("rediss-cluster://")) {
            return new ClusterEndpoint(resources, seeds(text, lower.startsWith("rediss")), readFrom);
        }
        RedisURI uri;
        try {
            uri = RedisURI.create(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Redis URL (" + withoutCredentials(text) + "): "
                    + e.getMessage(), e);
        }
        return new ServerEndpoint(resources, uri, readFrom);
    }

    /** The seed nodes of a cluster name, each with the name's credentials. */
    private static List<RedisURI> seeds(String name, boolean tls) {
        String rest = name.substring(name.indexOf("://") + 3);
        String credentials = "";
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            credentials = rest.substring(0, at + 1);
            rest = rest.substring(at + 1);
        }
        int end = rest.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int found = rest.indexOf(c);
            if (found >= 0) {
                end = Math.min(end, found);
            }
        }
        String suffix = rest.substring(end);
        List<RedisURI> seeds = new ArrayList<>();
        for (String host : rest.substring(0, end).split(",")) {
            if (host.isBlank()) {
                continue;
            }
            try {
                seeds.add(RedisURI.create((tls ? "rediss://" : "redis://") + credentials + host.strip() + suffix));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a seed node of a Redis Cluster (" + host.strip() + ") in "
                        + withoutCredentials(name) + ": " + e.getMessage(), e);
            }
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a Redis Cluster name needs at least one seed node: "
                    + withoutCredentials(name));
        }
        return seeds;
    }

    /** {@code name} with any user and password replaced by {@code ***}. */
    static String withoutCredentials(String name) {
        int scheme = name.indexOf("://");
        int at = name.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return name;
        }
        return name.substring(0, scheme + 3) + "***" + name.substring(at);
    }
}
