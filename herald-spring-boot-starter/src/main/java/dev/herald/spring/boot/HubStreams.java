package dev.herald.spring.boot;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hub's open streams in the application's servlet container, so that they can be ended when the web server's
 * graceful shutdown begins ({@link HubLifecycle}). A filter in front of the hub's servlet: a stream's response is
 * written without blocking, through a write listener the hub gives the container; ending the streams tells each such
 * listener that its output is gone, as the container does when a connection fails. The hub then ends the stream on
 * its own event loop, drops what it had not sent, and completes the response cleanly, so that each subscriber
 * reconnects and resumes from its last event. Publishing goes on meanwhile.
 */
final class HubStreams implements Filter {

    private final Set<StreamOutput> open = ConcurrentHashMap.newKeySet();
    private volatile boolean ending;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)
                || !"GET".equals(http.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        StreamResponse stream = new StreamResponse(httpResponse);
        chain.doFilter(new HttpServletRequestWrapper(http) {
            @Override
            public AsyncContext startAsync() {
                AsyncContext async = super.startAsync();
                async.addListener(stream);
                return async;
            }
        }, stream);
    }

    /** Ends every open stream, and any that opens from now on, until {@link #resume}. */
    void endAll() {
        ending = true;
        open.forEach(StreamOutput::end);
    }

    /** Streams stay open again. */
    void resume() {
        ending = false;
    }

    /** How many streams are open. */
    int size() {
        return open.size();
    }

    /** A request to the hub that may become a stream; it leaves {@link #open} when the request ends. */
    private final class StreamResponse extends HttpServletResponseWrapper implements AsyncListener {
        private StreamOutput output;

        StreamResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public synchronized ServletOutputStream getOutputStream() throws IOException {
            if (output == null) {
                output = new StreamOutput(super.getOutputStream());
            }
            return output;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            forget();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            forget();
        }

        @Override
        public void onError(AsyncEvent event) {
            forget();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // Started once, by the hub's servlet.
        }

        private synchronized void forget() {
            if (output != null) {
                output.ended = true;
                open.remove(output);
            }
        }
    }

    /** A stream's output: the container's, with the hub's write listener noted. */
    private final class StreamOutput extends ServletOutputStream {
        private final ServletOutputStream out;
        private volatile WriteListener listener;
        private volatile boolean ended;

        StreamOutput(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
            this.listener = listener;
            if (!ended) {
                open.add(this);
            }
            if (ending) {
                end(); // a stream that opened while the others were being ended
            }
        }

        /** The output is gone, as far as the hub is concerned: it ends the stream. */
        void end() {
            WriteListener hub = listener;
            if (hub != null && open.remove(this)) {
                hub.onError(new IOException("the server is shutting down"));
            }
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
