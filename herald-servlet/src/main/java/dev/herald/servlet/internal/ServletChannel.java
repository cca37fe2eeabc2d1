package dev.herald.servlet.internal;

import dev.herald.hub.frontend.HubResponse;
import dev.herald.hub.frontend.ResponseChannel;
import dev.herald.hub.frontend.ServedRequest;
import dev.herald.hub.frontend.StreamOutput;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request to the hub in a servlet container, started asynchronously. The hub answers on its own loop; the
 * answer is stored and the request dispatched back to the container, whose thread applies it to the response
 * ({@link #apply}): a response is changed on the container's threads only, as its filters expect (Spring Security's
 * header writer sets headers there), and no container thread waits for the hub meanwhile. A stream's bytes then go
 * out through its {@link ServletStreamOutput}. (Letting the thread that started the request wait a few milliseconds
 * and apply a quick answer itself, sparing the dispatch, was tried: bench/servlet-connect.sh measured it no faster,
 * the dispatch being cheap beside the rest of a request's way through the container.)
 */
public final class ServletChannel implements ResponseChannel, AsyncListener {

    /** The request attribute that finds the channel again when the request is dispatched back. */
    public static final String ATTRIBUTE = ServletChannel.class.getName();

    private static final Logger LOG = LoggerFactory.getLogger(ServletChannel.class);

    private final HttpServletResponse response;
    /** Every use of the response holds it; ended when the request ends, before the container reuses its objects. */
    private final ResponseLease lease = new ResponseLease();
    private volatile AsyncContext async;
    private volatile ServedRequest served;
    /** What the hub answered, to be applied on the container's thread. */
    private volatile HubResponse answer;
    /** The stream's output, when the answer is a stream's head. */
    private volatile ServletStreamOutput stream;

    /** A channel for a request just started asynchronously, with no timeout (a stream lasts as its client stays). */
    public ServletChannel(HttpServletRequest request, HttpServletResponse response, AsyncContext async) {
        this.response = response;
        this.async = async;
        async.setTimeout(0);
        async.addListener(this);
        request.setAttribute(ATTRIBUTE, this);
    }

    /** The hub serves the request as {@code request}: told when the connection ends. */
    public void servedAs(ServedRequest request) {
        this.served = request;
        ServletStreamOutput output = stream;
        if (output != null) {
            output.servedAs(request);
        }
        if (lease.ended()) {
            request.clientGone(); // it ended before the hub's handle was known
        }
    }

    @Override
    public void send(HubResponse response) {
        answer = response;
        dispatch();
    }

    @Override
    public StreamOutput startStream(HubResponse head) {
        ServletStreamOutput output = new ServletStreamOutput(lease, this::complete);
        ServedRequest request = served;
        if (request != null) {
            output.servedAs(request);
        }
        stream = output;
        answer = head;
        dispatch();
        return output;
    }

    @Override
    public void abandon() {
        lease.use(this::complete);
    }

    /** Back to the container, whose thread applies the answer ({@link #apply}). */
    private void dispatch() {
        lease.use(() -> {
            try {
                async.dispatch();
            } catch (IllegalStateException e) {
                LOG.debug("request already over: {}", e.toString()); // its connection failed first
            }
        });
    }

    /**
     * On the container's thread, the request dispatched back: applies the hub's answer. A whole response is then
     * over when the servlet returns; a stream's request goes on asynchronously, its output attached.
     */
    public void apply(HttpServletRequest request) {
        HubResponse applied = answer;
        lease.use(() -> {
            try {
                response.setStatus(applied.status());
                Set<String> set = new HashSet<>();
                for (Map.Entry<String, String> header : applied.headers()) {
                    // The hub's value replaces one a filter set, a field it gives twice is kept twice.
                    if (set.add(header.getKey().toLowerCase(Locale.ROOT))) {
                        response.setHeader(header.getKey(), header.getValue());
                    } else {
                        response.addHeader(header.getKey(), header.getValue());
                    }
                }
                ServletStreamOutput output = stream;
                if (output == null) {
                    if (applied.body().length > 0) {
                        response.getOutputStream().write(applied.body());
                    }
                    return;
                }
                AsyncContext again = request.startAsync();
                again.setTimeout(0);
                async = again;
                output.attach(response.getOutputStream());
            } catch (IOException | IllegalStateException e) {
                LOG.debug("cannot answer: {}", e.toString());
                ServedRequest gone = served;
                if (gone != null) {
                    gone.clientGone();
                }
            }
        });
    }

    private void complete() {
        try {
            async.complete();
        } catch (IllegalStateException e) {
            LOG.debug("request already completed: {}", e.toString()); // its connection failed first
        }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // The request goes on asynchronously after its dispatch back (a stream): listen to it again.
        event.getAsyncContext().addListener(this);
    }

    @Override
    public void onComplete(AsyncEvent event) {
        ended();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        ended();
        completeAfterFailure(event);
    }

    @Override
    public void onError(AsyncEvent event) {
        ended();
        completeAfterFailure(event);
    }

    /** The request ended or failed: the response is the container's again, and the hub's request is over. */
    private void ended() {
        lease.end();
        ServedRequest request = served;
        if (request != null) {
            request.clientGone();
        }
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
}
