package dev.herald.hub.internal.dispatch;

import dev.herald.hub.Transport;
import dev.herald.hub.Update;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * The transport's listener on this node: encodes each logged update once and hands it to every event loop's
 * dispatcher.
 */
public final class Fanout implements Transport.Listener {

    private final List<LoopDispatcher> dispatchers;
    private final ByteBufAllocator allocator;

    /** Hands each update, encoded once with {@code allocator}, to every one of {@code dispatchers}. */
    public Fanout(List<LoopDispatcher> dispatchers, ByteBufAllocator allocator) {
        this.dispatchers = List.copyOf(dispatchers);
        this.allocator = allocator;
    }

    @Override
    public void onUpdate(long position, Update update) {
        EncodedUpdate encoded = EncodedUpdate.encode(position, update, allocator);
        try {
            for (LoopDispatcher dispatcher : dispatchers) {
                dispatcher.enqueue(encoded);
            }
        } finally {
            encoded.release();
        }
    }
}
