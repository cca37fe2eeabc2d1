package dev.herald.servlet.internal;

import dev.herald.hub.frontend.ServedRequest;
import dev.herald.hub.frontend.StreamOutput;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream's output in a servlet container, written without blocking: the hub's bytes wait in a queue of shared
 * arrays and go out while the container's output is ready. Until the container's thread has set the response's head
 * and attached the output ({@link #attach}), everything waits in the queue; when the output is not ready, the
 * container calls {@link #onWritePossible} later, and the hub drains again on the stream's loop
 * ({@link ServedRequest#writable()}). The hub's calls come on the stream's loop; the response is used only under the
 * request's {@link ResponseLease}, so never after the container has ended the request.
 */
final class ServletStreamOutput implements StreamOutput, WriteListener {

    private static final Logger LOG = LoggerFactory.getLogger(ServletStreamOutput.class);

    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final ResponseLease lease;
    private final Runnable complete;
    private final Runnable drainLeased = this::drainLeased;
    private volatile ServedRequest served;
    /** Set on the container's thread once the head is set; until then what is written waits in the queue. */
    private volatile ServletOutputStream out;
    private volatile long queuedBytes;
    /** The response is to end once the queue is written. */
    private boolean ending;
    private boolean completed;
    /** Bytes were written to the container's output since its last flush. */
    private boolean unflushed;

    /**
     * @param lease held while the response is used
     * @param complete completes the request (under the lease)
     */
    ServletStreamOutput(ResponseLease lease, Runnable complete) {
        this.lease = lease;
        this.complete = complete;
    }

    /** The request this output carries the stream of, told when the connection can take more or failed. */
    void servedAs(ServedRequest request) {
        this.served = request;
    }

    /** On the container's thread, with the head set: the output to write to; the container calls back when ready. */
    void attach(ServletOutputStream output) {
        output.setWriteListener(this);
        out = output;
    }

    @Override
    public void write(byte[] bytes) {
        if (completed || ending) {
            return;
        }
        queue.add(bytes);
        queuedBytes += bytes.length;
    }

    @Override
    public void flush() {
        if (completed) {
            return;
        }
        // Whether the output is attached is asked under the lease, which the container's thread holds while it
        // attaches it: the container may call onWritePossible as soon as the listener is set, and a flush that saw
        // no output yet would drop that call, leaving a paused replay waiting for another that never comes.
        if (!lease.use(drainLeased)) {
            queue.clear(); // the request has ended; its stream is ending too (clientGone)
            queuedBytes = 0;
        }
    }

    @Override
    public long unsentBytes() {
        return queuedBytes;
    }

    @Override
    public void end() {
        ending = true;
        flush();
    }

    @Override
    public void abort() {
        queue.clear();
        queuedBytes = 0;
        finish();
    }

    /** The container's output can take more: the hub drains on the stream's loop, where the queue lives. */
    @Override
    public void onWritePossible() {
        ServedRequest request = served;
        if (request != null) {
            request.writable();
        }
    }

    @Override
    public void onError(Throwable failure) {
        LOG.debug("stream output failed: {}", failure.toString());
        ServedRequest request = served;
        if (request != null) {
            request.clientGone();
        }
    }

    /**
     * Writes queued bytes, then flushes, while the output is ready; then ends the response if asked to. Each step
     * asks {@code isReady()} first, so that when the output is not ready the container owes an
     * {@link #onWritePossible} (a flush that leaves bytes behind makes it not ready too).
     */
    private void drainLeased() {
        if (out == null) {
            return; // the head is not applied yet; the container calls onWritePossible once it is
        }
        try {
            while (out.isReady()) {
                byte[] bytes = queue.poll();
                if (bytes != null) {
                    queuedBytes -= bytes.length;
                    out.write(bytes);
                    unflushed = true;
                } else if (unflushed) {
                    unflushed = false;
                    out.flush();
                } else {
                    if (ending) {
                        finish();
                    }
                    return;
                }
            }
        } catch (IOException | IllegalStateException e) {
            LOG.debug("stream output failed: {}", e.toString());
            queue.clear();
            queuedBytes = 0;
            onError(e);
            finish();
        }
    }

    private void finish() {
        if (!completed) {
            completed = true;
            lease.use(complete);
        }
    }
}
