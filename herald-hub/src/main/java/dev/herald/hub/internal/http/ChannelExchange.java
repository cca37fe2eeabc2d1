package dev.herald.hub.internal.http;

import dev.herald.hub.frontend.Headers;
import dev.herald.hub.frontend.HubRequest;
import dev.herald.hub.frontend.HubResponse;
import dev.herald.hub.frontend.ResponseChannel;
import dev.herald.hub.frontend.ServedRequest;
import dev.herald.hub.internal.dispatch.EndReason;
import dev.herald.hub.internal.dispatch.LoopDispatcher;
import dev.herald.hub.internal.dispatch.Stream;
import dev.herald.hub.internal.dispatch.StreamSink;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A request that a front-end other than the hub's own serves ({@link dev.herald.hub.frontend.HubFrontEnd}): served on
 * a hub loop chosen when it arrives, where its stream, if it becomes one, lives; what the front-end tells of the
 * connection goes to that loop too, so that the stream is touched there only.
 */
public final class ChannelExchange extends Exchange implements ServedRequest {

    private final ResponseChannel channel;
    private final LoopDispatcher dispatcher;
    /** The client left (set and read on the loop). */
    private boolean gone;
    /** The stream's sink, once the request became one (set and read on the loop). */
    private OutputSink sink;

    /** {@code request}, to be answered through {@code channel}. */
    public ChannelExchange(HubContext hub, HubRequest request, ResponseChannel channel) {
        super(hub, request);
        this.channel = channel;
        this.dispatcher = hub.nextDispatcher();
    }

    @Override
    protected void write(HubResponse response) {
        channel.send(response);
    }

    @Override
    protected StreamSink streamSink(Headers decoration) {
        sink = new OutputSink(channel, decoration, hub().settings().maxQueuedBytes());
        return sink;
    }

    @Override
    protected LoopDispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    protected EventExecutor executor() {
        return ImmediateEventExecutor.INSTANCE;
    }

    @Override
    protected void carry(Stream stream) {
        if (gone) {
            // The client left while the request was served: the stream ends as soon as it begins.
            loop().execute(() -> stream.end(EndReason.CLIENT));
        }
    }

    @Override
    public void writable() {
        onLoop(() -> {
            if (sink != null) {
                sink.flush(); // what waits in the front-end's output first
            }
            stream().ifPresent(Stream::writable);
        });
    }

    @Override
    public void clientGone() {
        onLoop(() -> {
            gone = true;
            stream().ifPresent(stream -> stream.end(EndReason.CLIENT));
        });
    }

    private void onLoop(Runnable task) {
        try {
            loop().execute(task);
        } catch (RejectedExecutionException e) {
            // The hub has stopped, and its shutdown ended every stream.
        }
    }
}
