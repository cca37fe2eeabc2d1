package dev.herald.hub.internal.dispatch;

import dev.herald.core.Event;
import dev.herald.core.EventEncoder;
import dev.herald.hub.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An update encoded once for every subscriber: one direct buffer holding the event as an HTTP/1.1 chunk
 * ({@code <size>CRLF <event> CRLF}), so that a subscriber's write is a duplicate of it and nothing more; HTTP/2
 * streams take the event bytes alone, a slice of the same buffer.
 */
public final class EncodedUpdate extends AbstractReferenceCounted {

    final long position;
    final Update update;
    /** When the hub took the update, for the dispatch latency. */
    final long receivedNanos;
    private final ByteBuf chunk;
    private final int eventOffset;
    private final int eventLength;
    /** The event's bytes on the heap, made on first need by a front-end that writes arrays (a servlet's). */
    private volatile byte[] eventBytes;

    private EncodedUpdate(long position, Update update, ByteBuf chunk, int eventOffset, int eventLength) {
        this.position = position;
        this.update = update;
        this.receivedNanos = System.nanoTime();
        this.chunk = chunk;
        this.eventOffset = eventOffset;
        this.eventLength = eventLength;
    }

    /**
     * The empty comment: every stream's opening and the heartbeat, encoded once for all streams and all hubs. Never
     * released: writers take duplicates of it, as of any update.
     */
    public static final EncodedUpdate EMPTY_COMMENT = comment("", UnpooledByteBufAllocator.DEFAULT);

    static EncodedUpdate encode(long position, Update update, ByteBufAllocator allocator) {
        return frame(position, update, EventEncoder.encode(update.event()), allocator);
    }

    /** A {@code retry:} field alone (a client's reconnection time, no event), framed like an update. */
    public static EncodedUpdate retryHint(Duration reconnectionTime, ByteBufAllocator allocator) {
        return frame(0, null, EventEncoder.encode(Event.retry(reconnectionTime)), allocator);
    }

    /** A comment, such as the heartbeat, framed like an update. */
    public static EncodedUpdate comment(String text, ByteBufAllocator allocator) {
        return frame(0, null, EventEncoder.encode(Event.comment(text)), allocator);
    }

    private static EncodedUpdate frame(long position, Update update, byte[] event, ByteBufAllocator allocator) {
        byte[] size = Integer.toHexString(event.length).getBytes(StandardCharsets.US_ASCII);
        ByteBuf chunk = allocator.directBuffer(size.length + 2 + event.length + 2);
        chunk.writeBytes(size).writeByte('\r').writeByte('\n');
        int eventOffset = chunk.writerIndex();
        chunk.writeBytes(event).writeByte('\r').writeByte('\n');
        return new EncodedUpdate(position, update, chunk, eventOffset, event.length);
    }

    /** The chunk-framed bytes for one HTTP/1.1 subscriber; the caller owns the returned reference. */
    public ByteBuf chunkForOneWrite() {
        return chunk.retainedDuplicate();
    }

    /** The bare event bytes for one HTTP/2 subscriber; the caller owns the returned reference. */
    public ByteBuf eventForOneWrite() {
        return chunk.retainedSlice(eventOffset, eventLength);
    }

    /**
     * The bare event bytes as one array shared by every subscriber that takes arrays (a servlet container's
     * streams): copied from the buffer once, on first need. The caller must not change it.
     */
    public byte[] eventBytes() {
        byte[] bytes = eventBytes;
        if (bytes == null) {
            // Two loops may copy at once; both copies are equal, and either may be kept.
            bytes = new byte[eventLength];
            chunk.getBytes(eventOffset, bytes);
            eventBytes = bytes;
        }
        return bytes;
    }

    int eventLength() {
        return eventLength;
    }

    @Override
    protected void deallocate() {
        chunk.release();
    }

    @Override
    public ReferenceCounted touch(Object hint) {
        chunk.touch(hint);
        return this;
    }
}
