package dev.herald.hub.internal.netty.connection;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.OptionalLong;

/**
 * How many connections the hub may hold within the process's open-file limit. Every connection is a file; once
 * they run out the hub cannot even accept a connection to answer it 503, and stops answering anyone. So the
 * default limit keeps a tenth of the open files, and at least 256, for everything else: the JVM's own (jars, the
 * event loops' epoll, event and timer descriptors, logs), a Redis transport's connections, certificate files
 * read at start, and the connections over the limit while they are answered 503. Where that would leave less than
 * half the limit, half. Connections over the limit cannot use the files up either: {@link AcceptGate} stops
 * accepting at {@link #acceptLimit}.
 *
 * @param openFileLimit the process's open-file limit (RLIMIT_NOFILE), empty where the JVM cannot tell it
 * @param maxConnections the connections the hub takes at once
 */
public record ConnectionBudget(OptionalLong openFileLimit, int maxConnections) {

    /** The fewest files set aside for everything but connections. */
    static final int MIN_HEADROOM = 256;
    /** The limit where the open-file limit is unknown (not a Unix JVM). */
    static final int UNKNOWN_LIMIT_DEFAULT = 50_000;

    /** The most connections one read of the listening socket accepts (Netty's messages per read). */
    static final int ACCEPT_BATCH = 16;
    /**
     * Files kept free while accepting, beyond those open when the hub started: a transport's connections, logs,
     * the last read of connections before accepting pauses.
     */
    static final int ACCEPT_HEADROOM = 128;

    /** The budget for this process's open-file limit. */
    public static ConnectionBudget ofThisProcess() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix && unix.getMaxFileDescriptorCount() > 0) {
            return forOpenFileLimit(unix.getMaxFileDescriptorCount());
        }
        return new ConnectionBudget(OptionalLong.empty(), UNKNOWN_LIMIT_DEFAULT);
    }

    /** The files this process has open now, where the JVM can tell. */
    public static OptionalLong filesOpenNow() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix && unix.getOpenFileDescriptorCount() >= 0) {
            return OptionalLong.of(unix.getOpenFileDescriptorCount());
        }
        return OptionalLong.empty();
    }

    /**
     * How many accepted connections may be open at once, served or refused, when {@code filesInUse} files are open
     * before any: the rest of the open-file limit, less {@link #ACCEPT_HEADROOM}. Unbounded where the limit is not
     * known.
     */
    public int acceptLimit(long filesInUse) {
        if (openFileLimit.isEmpty()) {
            return Integer.MAX_VALUE;
        }
        long free = openFileLimit.getAsLong() - filesInUse - ACCEPT_HEADROOM;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, free));
    }

    /** The budget for an open-file limit of {@code limit}. */
    public static ConnectionBudget forOpenFileLimit(long limit) {
        long headroom = Math.max(MIN_HEADROOM, limit / 10);
        long connections = Math.max(limit / 2, limit - headroom);
        return new ConnectionBudget(OptionalLong.of(limit),
                (int) Math.max(1, Math.min(Integer.MAX_VALUE, connections)));
    }
}
