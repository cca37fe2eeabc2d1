package dev.herald.redis;

import dev.herald.hub.Transport;
import dev.herald.hub.Update;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.Range.Boundary;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replay's reading of the stream up to a fixed head, a page of {@code XRANGE} at a time, each page handed to
 * the listener in order before the next is asked for.
 *
 * <p>Pages are separate commands, so the stream may be trimmed between them. After each page the stream's oldest
 * entry is read on the same connection (so after the page): if it is newer than where the page began, entries may
 * have been trimmed before they were read, and the replay fails rather than leave a silent gap.
 */
final class HistoryRead {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryRead.class);
    static final int PAGE = 1000;

    private final RedisAsyncCommands<String, String> commands;
    private final String stream;
    private final EntryId head;
    private final Transport.Listener listener;

    HistoryRead(RedisAsyncCommands<String, String> commands, String stream, EntryId head, Transport.Listener listener) {
        this.commands = commands;
        this.stream = stream;
        this.head = head;
        this.listener = listener;
    }

    /** Reads every entry up to the head: the whole stream. */
    CompletableFuture<Void> all() {
        if (head.equals(EntryId.ZERO)) {
            return CompletableFuture.completedFuture(null);
        }
        return page(Boundary.unbounded(), null);
    }

    /** Reads every entry after {@code entry}, up to the head. */
    CompletableFuture<Void> after(EntryId entry) {
        if (!entry.isBefore(head)) {
            return CompletableFuture.completedFuture(null);
        }
        return page(Boundary.excluding(entry.toString()), entry);
    }

    /** Reads one page from {@code lower}; {@code after} is the entry it follows, null for the stream's start. */
    private CompletableFuture<Void> page(Boundary<String> lower, EntryId after) {
        Range<String> range = Range.from(lower, Boundary.including(head.toString()));
        CompletableFuture<List<StreamMessage<String, String>>> page =
                commands.xrange(stream, range, Limit.from(PAGE)).toCompletableFuture();
        CompletableFuture<List<StreamMessage<String, String>>> oldest = after == null
                ? CompletableFuture.completedFuture(List.of())
                : commands.xrange(stream, Range.unbounded(), Limit.from(1)).toCompletableFuture();
        return page.thenCombine(oldest, (entries, first) -> {
            if (after != null && (first.isEmpty() || after.isBefore(EntryId.parse(first.get(0).getId())))) {
                throw new IllegalStateException("the stream was trimmed past entry " + after
                        + " while the replay read it; retry");
            }
            EntryId last = after;
            for (StreamMessage<String, String> message : entries) {
                last = EntryId.parse(message.getId());
                deliver(last, message);
            }
            return entries.size() == PAGE && last != null && last.isBefore(head) ? last : null;
        }).thenCompose(next -> next == null ? CompletableFuture.completedFuture(null)
                : page(Boundary.excluding(next.toString()), next));
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
    }
}
