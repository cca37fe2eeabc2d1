package dev.herald.servlet.internal;

import dev.herald.hub.internal.dispatch.EncodedUpdate;
import dev.herald.hub.internal.dispatch.EndReason;
import dev.herald.hub.internal.dispatch.Stream;
import dev.herald.hub.internal.dispatch.StreamSink;
import dev.herald.hub.internal.http.StreamResponse;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaders;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream's connection in a servlet container, written without blocking. Its head is set on the container's thread
 * (see {@link ServletExchange#onContainerThread}). Updates wait in a queue of shared arrays
 * (each update's bytes copied from its encoded buffer once, for all such streams) and go out while the container's
 * output is ready; when it is not, the container calls {@link #onWritePossible} later, which drains on the stream's
 * event loop. The queue's bytes are the stream's unsent bytes, bounded as on the Netty front-end: past the bound the
 * subscriber is cut off. Every method but the listener's runs on the stream's loop. The response is used only under
 * the request's {@link ResponseLease}, so never after the container has ended the request.
 */
final class ServletStreamSink implements StreamSink, WriteListener {

    private static final Logger LOG = LoggerFactory.getLogger(ServletStreamSink.class);

    private final AsyncContext async;
    private final HttpServletResponse response;
    private final EventLoop loop;
    private final long maxQueuedBytes;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final Runnable drain = this::drain;
    private final Runnable drainLeased = this::drainLeased;
    /** Held while the response is used; ended by the container when the request ends. */
    private final ResponseLease lease;
    /** Runs a change to the response on the container's thread while it waits in the servlet (else at once). */
    private final Consumer<Runnable> onContainerThread;
    /** Needed until the response head is written. */
    private HttpHeaders decoration;
    /** Set on the container's thread once the head is set; until then what is written waits in the queue. */
    private volatile ServletOutputStream out;
    /** {@link #open} was called: the head is on its way to the response. */
    private boolean opened;
    private volatile long queuedBytes;
    private Stream stream;
    /** The response is to end once the queue is written. */
    private boolean ending;
    private boolean completed;
    /** Bytes were written to the container's output since its last flush. */
    private boolean unflushed;

    /**
     * @param onContainerThread runs a change to the response (its head) on the container's thread, see
     *     {@link ServletExchange#onContainerThread}
     */
    ServletStreamSink(AsyncContext async, HttpServletResponse response, ResponseLease lease, HttpHeaders decoration,
            EventLoop loop, long maxQueuedBytes, Consumer<Runnable> onContainerThread) {
        this.async = async;
        this.lease = lease;
        this.response = response;
        this.decoration = decoration;
        this.loop = loop;
        this.maxQueuedBytes = maxQueuedBytes;
        this.onContainerThread = onContainerThread;
    }

    /** The stream this sink carries, told when the connection takes more again (a paused replay resumes). */
    void streamIs(Stream opened) {
        this.stream = opened;
    }

    /**
     * Hands the response's head to the container's thread, which sets it and registers this sink as the output's
     * write listener; the container then calls {@link #onWritePossible}, and what was queued meanwhile goes out.
     */
    @Override
    public void open(String lastEventId) {
        opened = true;
        HttpHeaders headers = decoration;
        decoration = null;
        onContainerThread.accept(() -> lease.use(() -> {
            response.setStatus(200);
            for (Map.Entry<String, String> header : StreamResponse.head(lastEventId)) {
                response.setHeader(header.getKey(), header.getValue());
            }
            decorate(headers);
            try {
                ServletOutputStream output = response.getOutputStream();
                output.setWriteListener(this);
                out = output;
            } catch (IOException | IllegalStateException e) {
                loop.execute(() -> fail(e));
            }
        }));
    }

    private void decorate(HttpHeaders headers) {
        for (Map.Entry<String, String> header : headers) {
            response.addHeader(header.getKey(), header.getValue());
        }
    }

    @Override
    public void write(EncodedUpdate update) {
        if (completed || ending) {
            return;
        }
        byte[] bytes = update.eventBytes();
        queue.add(bytes);
        queuedBytes += bytes.length;
    }

    @Override
    public void flush() {
        drain();
    }

    @Override
    public boolean isWritable() {
        return queuedBytes < maxQueuedBytes;
    }

    @Override
    public long pendingBytes() {
        return queuedBytes;
    }

    @Override
    public void end() {
        if (completed) {
            return;
        }
        if (!opened) {
            // The stream never began (its history could not be read): a plain 503, which a client retries.
            completed = true;
            HttpHeaders headers = decoration;
            onContainerThread.accept(() -> lease.use(() -> {
                try {
                    response.setStatus(503);
                    response.setHeader("Retry-After", StreamResponse.RETRY_AFTER_SECONDS);
                    response.setContentType("text/plain; charset=utf-8");
                    decorate(headers); // CORS too, so that a browser can read the 503
                    response.getOutputStream()
                            .write(StreamResponse.HISTORY_UNAVAILABLE.getBytes(StandardCharsets.UTF_8));
                } catch (IOException | IllegalStateException e) {
                    LOG.debug("cannot answer 503: {}", e.toString());
                }
                completeRequest();
            }));
            return;
        }
        ending = true;
        drain();
    }

    @Override
    public void close() {
        queue.clear();
        queuedBytes = 0;
        if (!opened) {
            completed = true;
            onContainerThread.accept(() -> lease.use(this::completeRequest));
            return;
        }
        complete();
    }

    /** The container's output can take more: drain on the stream's loop, where the queue lives. */
    @Override
    public void onWritePossible() {
        loop.execute(drain);
    }

    @Override
    public void onError(Throwable failure) {
        loop.execute(() -> fail(failure));
    }

    /**
     * Writes queued updates, then flushes, while the output is ready; then ends the response if asked to, or tells
     * the stream it may write more. Each step asks {@code isReady()} first, so that when the output is not ready the
     * container owes an {@link #onWritePossible} (a flush that leaves bytes behind makes it not ready too).
     */
    private void drain() {
        if (out == null || completed) {
            return;
        }
        if (!lease.use(drainLeased)) {
            queue.clear(); // the request has ended; its stream is ending too (ServletExchange#onComplete)
            queuedBytes = 0;
        }
    }

    private void drainLeased() {
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
                        complete();
                    } else if (stream != null) {
                        stream.writable();
                    }
                    return;
                }
            }
        } catch (IOException | IllegalStateException e) {
            fail(e);
        }
    }

    private void complete() {
        if (!completed) {
            completed = true;
            lease.use(this::completeRequest);
        }
    }

    private void completeRequest() {
        try {
            async.complete();
        } catch (IllegalStateException e) {
            // The container ended the request first (its connection failed): nothing is left to complete.
            LOG.debug("stream already completed: {}", e.toString());
        }
    }

    /** The connection broke: the stream ends as its client's. */
    private void fail(Throwable failure) {
        LOG.debug("stream output failed: {}", failure.toString());
        queue.clear();
        queuedBytes = 0;
        if (stream != null) {
            stream.end(EndReason.CLIENT);
        }
        complete();
    }
}
