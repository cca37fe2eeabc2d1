package dev.herald.hub.internal.http;

import dev.herald.hub.frontend.Headers;
import dev.herald.hub.frontend.ResponseChannel;
import dev.herald.hub.frontend.StreamOutput;
import dev.herald.hub.internal.dispatch.EncodedUpdate;
import dev.herald.hub.internal.dispatch.StreamSink;
import java.util.Optional;

/**
 * A stream's sink through a front-end's {@link ResponseChannel}: the head, the 503 of a stream that never began and
 * the bound of unsent bytes are the hub's, decided here; the front-end's {@link StreamOutput} only carries bytes.
 * Every method runs on the stream's loop.
 */
final class OutputSink implements StreamSink {

    private final ResponseChannel channel;
    private final long maxQueuedBytes;
    /** Needed until the response head is sent. */
    private Headers decoration;
    private StreamOutput output;

    OutputSink(ResponseChannel channel, Headers decoration, long maxQueuedBytes) {
        this.channel = channel;
        this.decoration = decoration;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    @Override
    public void open(String lastEventId) {
        output = channel.startStream(StreamResponse.head(Optional.ofNullable(lastEventId), decoration));
        decoration = null;
    }

    @Override
    public void write(EncodedUpdate update) {
        output.write(update.eventBytes());
    }

    @Override
    public void flush() {
        if (output != null) {
            output.flush();
        }
    }

    @Override
    public boolean isWritable() {
        return output == null || output.unsentBytes() < maxQueuedBytes;
    }

    @Override
    public long pendingBytes() {
        StreamOutput current = output;
        return current == null ? 0 : current.unsentBytes();
    }

    @Override
    public void end() {
        if (output == null) {
            channel.send(StreamResponse.historyUnavailable(decoration));
        } else {
            output.end();
        }
    }

    @Override
    public void close() {
        if (output == null) {
            channel.abandon();
        } else {
            output.abort();
        }
    }
}
