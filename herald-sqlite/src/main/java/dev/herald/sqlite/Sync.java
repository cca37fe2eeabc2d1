package dev.herald.sqlite;

/**
 * How far a commit goes before an append is acknowledged. Either way the update is in the file's write-ahead log
 * before the publisher hears "stored"; the difference is whether the operating system was also made to put it on the
 * disk.
 */
public enum Sync {

    /**
     * Every commit is flushed to the disk (the WAL's fsync, as {@code PRAGMA synchronous=FULL} does) before its
     * appends are acknowledged, so an acknowledged update survives a process crash and a power loss. Subscribers
     * receive the update while the flush runs. The default.
     */
    FULL,

    /**
     * {@code PRAGMA synchronous=NORMAL}: a commit is written to the file but not flushed; an acknowledged update
     * survives a process crash ({@code kill -9}), but the last moments of updates may be lost if the machine loses
     * power or the kernel crashes.
     */
    NORMAL;

    /** The sync named {@code name} ({@code full} or {@code normal}, any case). */
    public static Sync parse(String name) {
        for (Sync sync : values()) {
            if (sync.name().equalsIgnoreCase(name.strip())) {
                return sync;
            }
        }
        throw new IllegalArgumentException("sync must be full or normal, got " + name);
    }
}
