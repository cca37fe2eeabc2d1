package dev.herald.servlet.internal;

import dev.herald.hub.internal.dispatch.EndReason;
import dev.herald.hub.internal.dispatch.LoopDispatcher;
import dev.herald.hub.internal.dispatch.Stream;
import dev.herald.hub.internal.dispatch.StreamSink;
import dev.herald.hub.internal.http.Exchange;
import dev.herald.hub.internal.http.HubContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request to the hub in a servlet container, started asynchronously: a full response is written and the
 * request completed from whichever thread answers it (a publish's answer may come from the transport's); a
 * subscription becomes a {@link Stream} written by {@link ServletStreamSink}.
 */
public final class ServletExchange extends Exchange implements AsyncListener {

    private static final Logger LOG = LoggerFactory.getLogger(ServletExchange.class);

    private final HubContext hub;
    private final HttpServletResponse response;
    private final AsyncContext async;
    private final ByteBuf body;
    /** Every use of the response holds it; ended when the request ends, before the container reuses its objects. */
    private final ResponseLease lease = new ResponseLease();
    private final String hubPath;
    private final HttpHeaders headers;
    private final HttpMethod method;
    private final String path;
    private final String query;
    private final String scheme;
    private final String localAuthority;
    private final Optional<Principal> principal;
    /** Chosen once, when the request arrives: its stream's loop. */
    private LoopDispatcher dispatcher;
    private ServletStreamSink sink;
    private volatile Stream stream;
    private boolean answered;
    /** What the hub answers, to be applied to the response on the container's thread (see {@link #awaitAnswer}). */
    private Runnable answer;
    /** The container's thread has left the servlet: an answer is applied where it is made. */
    private boolean containerLeft;

    /**
     * @param body the request's body, read whole
     * @param hubPath the hub's path as clients see it, the context path included
     */
    public ServletExchange(HubContext hub, HttpServletRequest request, HttpServletResponse response,
            AsyncContext async, byte[] body, String hubPath) {
        super(hub);
        this.hub = hub;
        this.response = response;
        this.async = async;
        this.body = Unpooled.wrappedBuffer(body);
        this.hubPath = hubPath;
        // Read now, on the container's thread: the request is served on a hub loop, where an application's
        // security (Spring Security keeps the user in a thread-local) would no longer find its principal.
        this.headers = headersOf(request);
        this.method = HttpMethod.valueOf(request.getMethod());
        this.path = request.getRequestURI();
        this.query = request.getQueryString() == null ? "" : request.getQueryString();
        this.scheme = request.getScheme();
        String host = request.getServerName();
        this.localAuthority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + request.getServerPort();
        this.principal = Optional.ofNullable(request.getUserPrincipal());
        async.addListener(this);
    }

    private static HttpHeaders headersOf(HttpServletRequest request) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                headers.add(name, value);
            }
        }
        return headers;
    }

    @Override
    public HttpMethod method() {
        return method;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    protected String rawQuery() {
        return query;
    }

    @Override
    public HttpHeaders headers() {
        return headers;
    }

    @Override
    public ByteBuf content() {
        return body;
    }

    @Override
    public Optional<Principal> principal() {
        return principal;
    }

    @Override
    protected String scheme() {
        return scheme;
    }

    @Override
    public String hubPath() {
        return hubPath;
    }

    @Override
    protected String localAuthority() {
        return localAuthority;
    }

    @Override
    protected void write(FullHttpResponse full) {
        int status = full.status().code();
        List<Map.Entry<String, String>> headers = full.headers().entries();
        byte[] body = new byte[full.content().readableBytes()];
        full.content().readBytes(body);
        full.release();
        synchronized (this) {
            if (answered) {
                return;
            }
            answered = true;
        }
        onContainerThread(() -> lease.use(() -> {
            try {
                response.setStatus(status);
                for (Map.Entry<String, String> header : headers) {
                    response.addHeader(header.getKey(), header.getValue());
                }
                if (body.length > 0) {
                    response.getOutputStream().write(body);
                }
            } catch (IOException | IllegalStateException e) {
                LOG.debug("cannot answer {} {}: {}", method, path, e.toString());
            } finally {
                try {
                    async.complete();
                } catch (IllegalStateException e) {
                    LOG.debug("request already completed: {}", e.toString()); // its connection failed first
                }
            }
        }));
    }

    /** Answers 500 to a request that failed inside the hub, unless it was answered or became a stream. */
    public void fail() {
        Stream failed = stream;
        if (failed != null) {
            failed.endLater(EndReason.ERROR);
        } else {
            send(textResponse(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error"));
        }
    }

    /**
     * Runs {@code change} to the response (its head, a body, the end of the request) on the container's thread while
     * it waits in {@link #awaitAnswer}, else here. A response is not safe to change from two threads, and a container
     * applies its own filters' headers on its thread once the servlet returns (Spring Security's header writer does).
     */
    void onContainerThread(Runnable change) {
        synchronized (this) {
            if (!containerLeft) {
                answer = change;
                notifyAll();
                return;
            }
        }
        change.run();
    }

    /**
     * On the container's thread: waits until the hub answers (a full response, or a stream's head) and applies the
     * answer; past {@code limit} it returns, and the answer will be applied where it is made.
     *
     * @return false when {@code limit} passed first
     */
    public boolean awaitAnswer(Duration limit) throws InterruptedException {
        Runnable change;
        synchronized (this) {
            long deadline = System.nanoTime() + limit.toNanos();
            while (answer == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    containerLeft = true;
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            change = answer;
            containerLeft = true;
        }
        change.run();
        return true;
    }

    @Override
    protected StreamSink streamSink(HttpHeaders decoration) {
        sink = new ServletStreamSink(async, response, lease, decoration, dispatcher().loop(),
                hub.settings().maxQueuedBytes(), this::onContainerThread);
        return sink;
    }

    /** The hub's event loop this request is served on, and its stream, if it becomes one, lives on. */
    public EventLoop loop() {
        return dispatcher().loop();
    }

    @Override
    protected LoopDispatcher dispatcher() {
        if (dispatcher == null) {
            dispatcher = hub.nextDispatcher();
        }
        return dispatcher;
    }

    @Override
    protected EventExecutor executor() {
        return ImmediateEventExecutor.INSTANCE;
    }

    @Override
    protected void becomeStream(Stream opened) {
        this.stream = opened;
        sink.streamIs(opened);
        if (lease.ended()) {
            // The request ended before it became a stream (its client left while the hub was busy): the stream
            // ends too, since the container will not tell again. Otherwise endStream (below) sees it.
            opened.endLater(EndReason.CLIENT);
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        lease.end();
        endStream();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        lease.end();
        endStream();
        completeAfterFailure(event);
    }

    @Override
    public void onError(AsyncEvent event) {
        lease.end();
        endStream();
        completeAfterFailure(event);
    }

    /**
     * Ends the request after its connection failed: left alone, the container would dispatch it to the
     * application's error page, which has nothing to say to a broken stream (Spring's tried to write JSON to it).
     */
    private static void completeAfterFailure(AsyncEvent event) {
        try {
            event.getAsyncContext().complete();
        } catch (IllegalStateException e) {
            LOG.debug("request already completed: {}", e.toString());
        }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // Started once, by the servlet; nothing to do.
    }

    /** The connection ended or failed: so does its stream, if it has one. */
    private void endStream() {
        Stream ended = stream;
        if (ended != null) {
            try {
                ended.endLater(EndReason.CLIENT);
            } catch (RejectedExecutionException e) {
                // The hub stopped first, and its shutdown ended every stream.
            }
        }
    }
}
