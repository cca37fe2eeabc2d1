package dev.herald.redis;

import dev.herald.hub.Transport;
import dev.herald.hub.Update;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the stream on a connection and thread of its own with {@code XREAD BLOCK}, handing each entry to the
 * hub's listener in stream order, one call at a time.
 *
 * <p>It remembers the id of the last entry it delivered. When Redis goes away it retries with a growing pause and
 * then reads on from that id: nothing that is still in the stream is skipped or delivered twice.
 */
final class StreamTail implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamTail.class);
    /** How long one XREAD waits for new entries; also how soon the thread notices {@link #close()} at worst. */
    private static final Duration BLOCK = Duration.ofSeconds(1);
    private static final int BATCH = 1000;
    private static final long FIRST_PAUSE_MILLIS = 50;
    private static final long LONGEST_PAUSE_MILLIS = 2000;

    private final RedisEndpoint endpoint;
    private final String stream;
    private final Transport.Listener listener;
    private final NewestEntry newest;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RedisLink connection;
    /** The last entry delivered (or the stream's tail when tailing began); touched by the tail thread only. */
    private EntryId last;

    StreamTail(RedisEndpoint endpoint, String stream, EntryId from, Transport.Listener listener, NewestEntry newest) {
        this.endpoint = endpoint;
        this.stream = stream;
        this.last = from;
        this.listener = listener;
        this.newest = newest;
        this.thread = new Thread(this, "herald-redis-tail " + stream);
        this.thread.setDaemon(true);
    }

    /** Starts the tail thread. */
    void start() {
        thread.start();
    }

    @Override
    public void run() {
        long pause = FIRST_PAUSE_MILLIS;
        boolean outage = false;
        while (running) {
            try {
                RedisLink open = connection;
                if (open == null) {
                    open = connect();
                    connection = open;
                    if (outage) {
                        warnOfPossibleGap(open);
                    }
                }
                List<StreamMessage<String, String>> batch = open.sync().xread(
                        XReadArgs.Builder.block(BLOCK).count(BATCH), after(last));
                if (outage) {
                    LOG.info("Redis is back: tailing {} again after entry {}", stream, last);
                    outage = false;
                }
                pause = FIRST_PAUSE_MILLIS;
                for (StreamMessage<String, String> message : batch) {
                    deliver(message);
                }
            } catch (RuntimeException | ExecutionException | TimeoutException e) {
                if (!running) {
                    break;
                }
                if (!outage) {
                    LOG.warn("tailing {} failed, retrying until Redis answers: {}", stream, e.toString());
                    outage = true;
                }
                dropConnection();
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    break; // only close() interrupts
                }
                pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                break; // only close() interrupts
            }
        }
        dropConnection();
    }

    private void deliver(StreamMessage<String, String> message) {
        EntryId id = EntryId.parse(message.getId());
        last = id;
        Update update;
        try {
            update = EntryFields.decode(message.getBody());
        } catch (RuntimeException e) {
            LOG.warn("skipping entry {} of {}, not an update: {}", id, stream, e.getMessage());
            return;
        }
        newest.advance(id, update.id());
        try {
            listener.onUpdate(id.position(), update);
        } catch (RejectedExecutionException e) {
            // The hub stops its event loops before it closes the transport: updates arriving in between have
            // nobody left to go to on this node.
            LOG.debug("the hub is stopping; entry {} of {} not dispatched", id, stream);
        } catch (RuntimeException e) {
            // The listener's failure is the hub's; the log goes on for the next update.
            LOG.warn("the hub failed to take entry {} of {}", id, stream, e);
        }
    }

    /**
     * After an outage, entries older than the stream's oldest one may have been trimmed (or lost with a Redis that
     * restarted without persistence) before this node read them; say so, as nothing can bring them back.
     */
    /**
     * Opens a link: after a failover, Sentinel names the new master, or the cluster's topology is read again, so the
     * tail re-attaches to the new master and reads on after the last entry it delivered.
     */
    private RedisLink connect() throws InterruptedException, ExecutionException, TimeoutException {
        return endpoint.open().get(ConnectionSettings.CONNECT_TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS);
    }

    private void warnOfPossibleGap(RedisLink open) {
        List<StreamMessage<String, String>> newestNow = open.sync().xrevrange(stream, Range.unbounded(),
                Limit.from(1));
        if (!newestNow.isEmpty() && EntryId.parse(newestNow.get(0).getId()).isBefore(last)) {
            // A failover to a replica that had not received the last entries: they are gone from the log, although
            // this node delivered them. With WAIT, none of them was acknowledged to its publisher.
            LOG.warn("{} now ends at entry {}, before {} which this node delivered: the entries after it were lost"
                    + " with the previous master", stream, newestNow.get(0).getId(), last);
        }
        List<StreamMessage<String, String>> oldest = open.sync().xrange(stream, Range.unbounded(), Limit.from(1));
        if (!oldest.isEmpty() && !last.equals(EntryId.ZERO)) {
            EntryId first = EntryId.parse(oldest.get(0).getId());
            if (last.isBefore(first)) {
                LOG.warn("{} now begins at entry {}, after {} where this node stopped reading: entries between, if any,"
                        + " were dropped before it could deliver them", stream, first, last);
            }
        }
    }

    private StreamOffset<String>[] after(EntryId id) {
        // XREAD takes a generic varargs array; building it here keeps the unchecked creation in one known place.
        @SuppressWarnings("unchecked")
        StreamOffset<String>[] offsets = (StreamOffset<String>[]) new StreamOffset<?>[] {
            StreamOffset.from(stream, id.toString())};
        return offsets;
    }

    private void dropConnection() {
        RedisLink open = connection;
        connection = null;
        if (open != null) {
            open.closeAsync();
        }
    }

    /** Stops the thread, cutting short the XREAD it may be waiting in, and waits for it to end. */
    void close() {
        running = false;
        // Lettuce's blocking call gives up on interruption; the thread then closes its connection itself.
        thread.interrupt();
        try {
            thread.join(BLOCK.toMillis() * 3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
