package dev.herald.loadgen;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes events at a steady rate over a few HTTP/1.1 keep-alive connections, pipelining up to
 * {@link BenchOptions#pipeline()} requests on each: a server answers pipelined requests in order, so one connection
 * keeps the events' order without waiting a round trip per event. Event k is due at {@code start + k / rate}; its
 * payload carries that due time, not the moment it was sent, so a target that answers publishes slowly shows in
 * the latency instead of silently lowering the rate (coordinated omission). A warm-up may come first: its events
 * carry data subscribers ignore and count nowhere. With {@link BenchOptions#retryRefused()}, an event answered 503
 * is sent again after the answer's {@code Retry-After} and nothing is sent meanwhile, so that the order holds. All
 * its state lives on one event loop.
 */
final class Publisher {

    private final BenchOptions options;
    private final List<String> topics;
    private final InetSocketAddress remote;
    private final Transport transport;
    private final EventLoop loop;
    private final Measurements measurements;
    private final long[] nextSequence;
    private final BitSet[] accepted;
    private final ArrayDeque<Due> queue = new ArrayDeque<>();
    private final List<Connection> all = new ArrayList<>();
    private long startNanos;
    private long scheduled;
    private boolean running;
    private boolean warmingUp;
    private int nextConnection;
    private ScheduledFuture<?> ticker;
    /** An event answered 503, waiting for its Retry-After; nothing else is sent meanwhile. */
    private Due retrying;

    /** An event waiting to be sent or answered; a warm-up event is counted nowhere. */
    private record Due(int topic, long sequence, long dueNanos, boolean warmup) {
    }

    /** A publisher to {@code remote} for {@code topics}, not yet connected. */
    Publisher(BenchOptions options, List<String> topics, InetSocketAddress remote, Transport transport,
            Measurements measurements) {
        this.options = options;
        this.topics = topics;
        this.remote = remote;
        this.transport = transport;
        this.loop = transport.group().next();
        this.measurements = measurements;
        this.nextSequence = new long[topics.size()];
        this.accepted = new BitSet[topics.size()];
        for (int i = 0; i < accepted.length; i++) {
            accepted[i] = new BitSet();
        }
    }

    /** Opens the connections, waiting at most 10 s; throws when none opens. */
    void open() throws InterruptedException {
        List<io.netty.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < options.publishConnections(); i++) {
            futures.add(connect());
        }
        for (io.netty.util.concurrent.Future<?> future : futures) {
            future.await(10, TimeUnit.SECONDS);
        }
        if (futures.stream().noneMatch(io.netty.util.concurrent.Future::isSuccess)) {
            throw new IllegalStateException("the publisher cannot connect to " + remote);
        }
    }

    private io.netty.util.concurrent.Future<?> connect() {
        Connection connection = new Connection();
        return new Bootstrap().group(loop).channel(transport.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), connection);
                    }
                })
                .connect(remote);
    }

    /** Starts publishing unmeasured warm-up events at the configured rate. */
    void startWarmup() {
        loop.execute(() -> begin(true));
    }

    /** Starts publishing measured events at the configured rate, ending any warm-up. */
    void start() {
        loop.execute(() -> begin(false));
    }

    private void begin(boolean warmup) {
        queue.clear(); // warm-up events not sent yet never will be
        warmingUp = warmup;
        scheduled = 0;
        startNanos = System.nanoTime();
        if (!running) {
            running = true;
            ticker = loop.scheduleAtFixedRate(this::tick, 0, 1, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops scheduling events and waits, at most {@code wait}, for the requests in flight to be answered. */
    void stop(java.time.Duration wait) throws InterruptedException {
        onLoop(() -> {
            running = false;
            ticker.cancel(false);
            queue.clear(); // never sent, so never expected
            retrying = null; // nor taken
            return null;
        });
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline
                && onLoop(() -> all.stream().anyMatch(connection -> !connection.inFlight.isEmpty()))) {
            Thread.sleep(10);
        }
        onLoop(() -> {
            all.forEach(connection -> connection.channel.close());
            return null;
        });
    }

    /** The sequence numbers of each topic the target accepted; call after {@link #stop}. */
    BitSet[] accepted() throws InterruptedException {
        return onLoop(() -> {
            BitSet[] copy = new BitSet[accepted.length];
            for (int i = 0; i < copy.length; i++) {
                copy[i] = (BitSet) accepted[i].clone();
            }
            return copy;
        });
    }

    /** How many events of each topic the target has accepted so far. */
    long[] acceptedCounts() throws InterruptedException {
        return onLoop(() -> {
            long[] counts = new long[accepted.length];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = accepted[i].cardinality();
            }
            return counts;
        });
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> task) throws InterruptedException {
        try {
            return loop.submit(task).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the publisher's event loop did not answer", e);
        }
    }

    private void tick() {
        if (!running) {
            return;
        }
        long now = System.nanoTime();
        double perEvent = 1e9 / options.rate();
        long due = (long) ((now - startNanos) / perEvent) + 1;
        for (; scheduled < due; scheduled++) {
            int topic = (int) (scheduled % topics.size());
            long sequence = warmingUp ? -1 : nextSequence[topic]++;
            queue.add(new Due(topic, sequence, startNanos + (long) (scheduled * perEvent), warmingUp));
        }
        dispatch();
    }

    /** Sends queued events, round robin over the connections with room in their pipeline. */
    private void dispatch() {
        if (retrying != null) {
            return; // the refused event goes first
        }
        int size = all.size();
        for (int tried = 0; !queue.isEmpty() && tried < size; ) {
            nextConnection = (nextConnection + 1) % size;
            Connection connection = all.get(nextConnection);
            if (connection.inFlight.size() < options.pipeline()) {
                connection.send(queue.poll());
                tried = 0;
            } else {
                tried++;
            }
        }
    }

    /** Sends {@code refused} again after {@code delayMillis}, before anything queued meanwhile. */
    private void retryLater(Due refused, long delayMillis) {
        retrying = refused;
        loop.schedule(() -> {
            if (running && retrying == refused) {
                retrying = null;
                queue.addFirst(refused);
                dispatch();
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** A 503's {@code Retry-After} in milliseconds (whole seconds, at most 30), or 1 s when it has none. */
    private static long retryAfterMillis(FullHttpResponse response) {
        String value = response.headers().get(HttpHeaderNames.RETRY_AFTER);
        try {
            return value == null ? 1_000 : Math.min(30, Math.max(0, Long.parseLong(value.strip()))) * 1_000;
        } catch (NumberFormatException e) {
            return 1_000; // an HTTP date: rare from a hub, and a second is what most ask
        }
    }

    private FullHttpRequest request(Due due) {
        String topic = topics.get(due.topic());
        URI uri = options.publishUrl().expand(0, topic);
        String data = due.warmup() ? Payload.warmup(options.size())
                : new Payload(due.sequence(), due.dueNanos()).encode(options.size());
        byte[] body;
        String contentType;
        if (options.publishFormat() == PublishFormat.MERCURE) {
            body = ("topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8) + "&data="
                    + URLEncoder.encode(data, StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);
            contentType = "application/x-www-form-urlencoded";
        } else if (options.publishFormat() == PublishFormat.GRIP) {
            body = ("{\"items\":[{\"channel\":\"" + jsonSafe(topic) + "\",\"formats\":{\"http-stream\":"
                    + "{\"content\":\"data: " + jsonSafe(data) + "\\n\\n\"}}}]}").getBytes(StandardCharsets.UTF_8);
            contentType = "application/json";
        } else {
            body = data.getBytes(StandardCharsets.UTF_8);
            contentType = "text/plain";
        }
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                UrlTemplate.requestTarget(uri), Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.HOST, UrlTemplate.hostHeader(uri))
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (options.token() != null && !options.token().isEmpty()) {
            request.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + options.token());
        }
        return request;
    }

    /**
     * {@code text} as it stands inside a JSON string: the generator's topics and payloads are plain ASCII (digits,
     * spaces, letters, the topic's punctuation), so nothing needs escaping, and anything that would is refused.
     */
    private static String jsonSafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                throw new IllegalArgumentException("cannot publish as GRIP without escaping: " + text);
            }
        }
        return text;
    }

    /** One keep-alive connection; its responses come in the order of its requests. */
    private final class Connection extends SimpleChannelInboundHandler<FullHttpResponse> {

        private Channel channel;
        private final ArrayDeque<Due> inFlight = new ArrayDeque<>();
        /** The target said it closes this connection after its last answer; another is already opening. */
        private boolean retired;

        void send(Due due) {
            inFlight.add(due);
            channel.writeAndFlush(request(due));
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            all.add(this);
            dispatch();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            Due done = inFlight.poll();
            if (done != null && !done.warmup() && response.status().code() == 503 && options.retryRefused()) {
                measurements.counters().publishRetries.increment();
                retryLater(done, retryAfterMillis(response));
            } else if (done != null && !done.warmup()) {
                measurements.publishTimes().recordNanos(System.nanoTime() - done.dueNanos());
                if (response.status().code() / 100 == 2) {
                    accepted[done.topic()].set((int) done.sequence());
                    measurements.counters().published.increment();
                } else {
                    measurements.counters().publishErrors.increment();
                }
            }
            if (!HttpUtil.isKeepAlive(response) && !retired) {
                // The target answers one request per connection (Pushpin's publish API, with --pipeline 1): send
                // nothing more on this one and open the next at once, not after the reconnect delay below.
                retired = true;
                all.remove(this);
                if (running) {
                    connect();
                }
            }
            dispatch();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            all.remove(this);
            for (Due lost : inFlight) {
                if (!lost.warmup()) {
                    measurements.counters().publishErrors.increment();
                }
            }
            inFlight.clear();
            if (running && !retired) {
                // The target closed a keep-alive connection (a request limit, say): open another.
                loop.schedule(Publisher.this::connect, 100, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
