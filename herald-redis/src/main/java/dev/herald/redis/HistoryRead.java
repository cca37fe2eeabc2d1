package dev.herald.redis;

import dev.herald.hub.Transport;
import dev.herald.hub.Update;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.Range.Boundary;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One read of the stream up to a fixed head, a page of {@code XRANGE} at a time, each page handed to the listener in
 * order before the next is asked for, until the head or until about {@code maxBytes} of update data were read (the
 * hub then asks for the rest once its subscriber has taken this).
 *
 * <p>Pages are separate commands, so the stream may be trimmed between them. After each page the stream's oldest
 * entry is read on the same connection (so after the page): if it is newer than where the page began, entries may
 * have been trimmed before they were read, and the read completes with false rather than leave a silent gap.
 */
final class HistoryRead {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryRead.class);
    /** The most entries one {@code XRANGE} asks for. */
    static final int PAGE = 1000;
    /** What the first {@code XRANGE} of a read bounded by bytes asks for, before entries' sizes are known. */
    static final int FIRST_BOUNDED_PAGE = 32;
    /** How long a read from a lagging replica pauses before asking the same page again, and how many times. */
    private static final long LAG_PAUSE_MILLIS = 10;
    private static final int MAX_LAG_RETRIES = 200;

    private final RedisClusterAsyncCommands<String, String> commands;
    private final String stream;
    private final EntryId head;
    private final Transport.Listener listener;
    private final long maxBytes;
    private final boolean fromReplica;
    private int lagRetries;
    private long bytes;
    private long entriesRead;

    HistoryRead(RedisClusterAsyncCommands<String, String> commands, String stream, EntryId head, long maxBytes,
            Transport.Listener listener) {
        this(commands, stream, head, maxBytes, listener, false);
    }

    /**
     * A read that may go to a replica ({@code fromReplica}): one that lags behind the head read elsewhere answers a
     * page short, and the page is asked again until the replica has caught up, rather than end the history early.
     */
    HistoryRead(RedisClusterAsyncCommands<String, String> commands, String stream, EntryId head, long maxBytes,
            Transport.Listener listener, boolean fromReplica) {
        this.fromReplica = fromReplica;
        this.commands = commands;
        this.stream = stream;
        this.head = head;
        this.maxBytes = maxBytes;
        this.listener = listener;
    }

    /** Reads the entries up to the head from the stream's start; completes with true (nothing can be missing). */
    CompletableFuture<Boolean> all() {
        if (head.equals(EntryId.ZERO)) {
            return CompletableFuture.completedFuture(true);
        }
        return page(Boundary.unbounded(), null);
    }

    /**
     * Reads the entries after {@code entry}, up to the head; completes with whether the stream still held them all
     * (false: some were trimmed before they could be read).
     */
    CompletableFuture<Boolean> after(EntryId entry) {
        if (!entry.isBefore(head)) {
            return CompletableFuture.completedFuture(true);
        }
        return page(Boundary.excluding(entry.toString()), entry);
    }

    /** Reads one page from {@code lower}; {@code after} is the entry it follows, null for the stream's start. */
    private CompletableFuture<Boolean> page(Boundary<String> lower, EntryId after) {
        Range<String> range = Range.from(lower, Boundary.including(head.toString()));
        CompletableFuture<List<StreamMessage<String, String>>> page =
                commands.xrange(stream, range, Limit.from(nextCount())).toCompletableFuture();
        CompletableFuture<List<StreamMessage<String, String>>> oldest = after == null
                ? CompletableFuture.completedFuture(List.of())
                : commands.xrange(stream, Range.unbounded(), Limit.from(1)).toCompletableFuture();
        return page.thenCombine(oldest, (entries, first) -> {
            if (after != null && (first.isEmpty() || after.isBefore(EntryId.parse(first.get(0).getId())))) {
                return PageEnd.TRIMMED;
            }
            if (entries.isEmpty() && fromReplica && (after == null || after.isBefore(head))) {
                if (++lagRetries > MAX_LAG_RETRIES) {
                    throw new IllegalStateException("the replica read from stays behind the stream's head " + head);
                }
                return new PageEnd(true, Optional.ofNullable(after), true);
            }
            EntryId last = after;
            for (StreamMessage<String, String> message : entries) {
                last = EntryId.parse(message.getId());
                deliver(last, message);
                if (bytes >= maxBytes) {
                    break; // the rest of the page is read again with the next page the hub asks for
                }
            }
            boolean more = bytes < maxBytes && !entries.isEmpty() && last.isBefore(head);
            return more ? new PageEnd(true, Optional.of(last), false) : PageEnd.DONE;
        }).thenCompose(end -> {
            if (end.again()) {
                Executor later = CompletableFuture.delayedExecutor(LAG_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
                return CompletableFuture.supplyAsync(() -> null, later).thenCompose(ignored -> page(lower, after));
            }
            return end.next().isEmpty() ? CompletableFuture.completedFuture(end.held())
                    : page(Boundary.excluding(end.next().get().toString()), end.next().get());
        });
    }

    /**
     * How a page ended: whether the entries asked for were all there, the entry the next page follows, if any, and
     * whether the same page is to be asked again (a replica behind the head).
     */
    private record PageEnd(boolean held, Optional<EntryId> next, boolean again) {
        static final PageEnd DONE = new PageEnd(true, Optional.empty(), false);
        static final PageEnd TRIMMED = new PageEnd(false, Optional.empty(), false);
    }

    /**
     * How many entries the next {@code XRANGE} asks for: as many as the bytes still allowed hold at the size read so
     * far, so that a reply (which the client holds whole) is about the bound, not {@value #PAGE} large entries.
     */
    private int nextCount() {
        if (maxBytes == Long.MAX_VALUE) {
            return PAGE;
        }
        if (entriesRead == 0) {
            return FIRST_BOUNDED_PAGE;
        }
        long perEntry = Math.max(1, bytes / entriesRead);
        return (int) Math.max(1, Math.min(PAGE, (maxBytes - bytes) / perEntry + 1));
    }

    private void deliver(EntryId id, StreamMessage<String, String> message) {
        Update update;
        try {
            update = EntryFields.decode(message.getBody());
        } catch (RuntimeException e) {
            LOG.warn("skipping entry {} of {}, not an update: {}", id, stream, e.getMessage());
            return;
        }
        listener.onUpdate(id.position(), update);
        bytes += Transport.pageBytes(update);
        entriesRead++;
    }
}
