package dev.herald.hub.internal.netty;

import dev.herald.hub.internal.http.HubContext;
import dev.herald.hub.internal.http.Routes;
import dev.herald.hub.internal.netty.connection.AcceptGate;
import dev.herald.hub.internal.netty.connection.ClientClose;
import dev.herald.hub.internal.netty.connection.DecoderFailures;
import dev.herald.hub.internal.netty.connection.Http2IdleClose;
import dev.herald.hub.internal.netty.connection.OverLimitRefuser;
import dev.herald.hub.internal.netty.connection.RequestBodyLimit;
import dev.herald.hub.internal.netty.connection.RequestTimeouts;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AsciiString;
import java.io.File;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Sets up each accepted connection: with TLS, ALPN chooses HTTP/2 or HTTP/1.1; in clear text, HTTP/1.1 that may
 * turn into HTTP/2 by upgrade or prior knowledge (h2c). An HTTP/1.1 connection is timed while it owes the hub a
 * request ({@link RequestTimeouts}), an HTTP/2 one while it is idle with no stream open ({@link Http2IdleClose});
 * requests too large to read get 413, 414 or 431 ({@link RequestBodyLimit}, {@link DecoderFailures}); every other
 * request reaches a {@link Router}. Over the connection limit, or while the hub shuts down, a connection's
 * request is answered 503, a health request its answer ({@link OverLimitRefuser}); while refusals under way hold
 * more than half the files left for them (a burst), each gets a tenth of the time, so that they free their files as
 * fast as they come.
 */
public final class HubInitializer extends ChannelInitializer<SocketChannel> {

    /**
     * The longest request line, URL included: a subscription may name up to 100 topic selectors, each a URL or a
     * pattern, percent-encoded; past this the answer is 414.
     */
    static final int MAX_REQUEST_LINE_BYTES = 64 * 1024;
    /** The most header bytes of one request (cookies with tokens included); past this the answer is 431. */
    static final int MAX_HEADER_BYTES = 32 * 1024;

    /**
     * How long a connection over the limit may take to send the request it is to be refused, and then to close once
     * answered.
     */
    static final Duration REFUSED_HEAD_TIMEOUT = Duration.ofSeconds(1);
    /** The same during a burst of refusals: a client on a working network sends its request at once. */
    static final Duration BURST_REFUSED_HEAD_TIMEOUT = Duration.ofMillis(100);
    /**
     * The share of the files left for refusals (those the accept gate lets open beyond the connection limit) past
     * which refusals get {@link #BURST_REFUSED_HEAD_TIMEOUT}.
     */
    static final int AT_EASE_SHARE_PERCENT = 50;

    private static final DecoderFailures DECODER_FAILURES = new DecoderFailures();

    private final HubContext hub;
    private final AcceptGate gate;
    private final ClientClose clientClose = new ClientClose(channel -> {
        Router router = channel.pipeline().get(Router.class);
        return router != null && router.carriesStream();
    });
    private final Routes routes;
    private final SslContext ssl;
    /** Counts a connection's end; one listener for all, as an idle connection should hold little of its own. */
    private final ChannelFutureListener countClosed;

    /**
     * Sets up the connections of {@code hub}, accepted through {@code gate}; builds its TLS context once when it has a
     * certificate.
     */
    public HubInitializer(HubContext hub, AcceptGate gate) {
        this.hub = hub;
        this.gate = gate;
        this.routes = new Routes(hub, true);
        this.ssl = hub.settings().tlsCertificate().isPresent() ? sslContext(hub) : null;
        this.countClosed = closed -> hub.metrics().connectionClosed();
    }

    private static SslContext sslContext(HubContext hub) {
        try {
            return SslContextBuilder
                    .forServer(new File(hub.settings().tlsCertificate().orElseThrow().toString()),
                            new File(hub.settings().tlsKey().orElseThrow(
                                    () -> new IllegalArgumentException("a TLS certificate needs its key")).toString()))
                    .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(
                            ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                    .build();
        } catch (SSLException | RuntimeException e) {
            throw new IllegalArgumentException("cannot use the TLS certificate and key: " + e.getMessage(), e);
        }
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(clientClose);
        Optional<String> refusal = Optional.empty();
        if (hub.metrics().connectionOpened() > hub.settings().maxConnections() || hub.closing()) {
            hub.metrics().connectionClosed();
            refusal = Optional.of(hub.closing() ? "the hub is shutting down"
                    : "the hub is at its connection limit of " + hub.settings().maxConnections());
        } else {
            channel.closeFuture().addListener(countClosed);
        }
        if (ssl != null) {
            SslHandler tls = ssl.newHandler(channel.alloc());
            tls.setHandshakeTimeoutMillis(hub.settings().requestHeadTimeout().toMillis());
            Optional<String> refused = refusal;
            pipeline.addLast(tls, new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
                @Override
                protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                    if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                        addHttp2(ctx.pipeline(), refused);
                    } else {
                        addHttp1(ctx.pipeline(), codec(), refused);
                    }
                }
            });
            return;
        }
        if (refusal.isPresent()) {
            addHttp1(pipeline, codec(), refusal);
            return;
        }
        HttpServerCodec codec = codec();
        HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(codec, protocol -> {
            if (!AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)) {
                return null;
            }
            Http2FrameCodec frames = Http2FrameCodecBuilder.forServer().build();
            return new Http2ServerUpgradeCodec(frames, http2Idle(), new Http2IdleClose(frames),
                    new Http2MultiplexHandler(streamInitializer(Optional.empty())));
        }, hub.settings().maxRequestBytes());
        pipeline.addLast(new CleartextHttp2ServerUpgradeHandler(codec, upgrade, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                addHttp2(ch.pipeline(), Optional.empty());
            }
        }));
        addHttp1After(pipeline, Optional.empty());
    }

    private static HttpServerCodec codec() {
        return new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_REQUEST_LINE_BYTES)
                .setMaxHeaderSize(MAX_HEADER_BYTES));
    }

    private void addHttp1(ChannelPipeline pipeline, HttpServerCodec codec, Optional<String> refusal) {
        pipeline.addLast(codec);
        addHttp1After(pipeline, refusal);
    }

    /**
     * What follows the HTTP/1.1 codec. A refused connection waits at most a second for its request: a client
     * sends it as soon as it has connected, and a file held for a refusal is one the hub may need to accept with.
     */
    private void addHttp1After(ChannelPipeline pipeline, Optional<String> refusal) {
        Duration head = hub.settings().requestHeadTimeout();
        Duration refused = refusedTime();
        if (refusal.isPresent() && head.compareTo(refused) > 0) {
            head = refused;
        }
        pipeline.addLast(new RequestTimeouts(head, hub.settings().keepAliveTimeout()));
        if (refusal.isPresent()) {
            pipeline.addLast(new OverLimitRefuser(refusal.get(), false, this::probe, refused));
        } else {
            pipeline.addLast(new RequestBodyLimit(hub.settings().maxRequestBytes()), DECODER_FAILURES,
                    new Router(routes, hub, false));
        }
    }

    /** How long a refused connection is given: less while many refusals are under way. */
    private Duration refusedTime() {
        int refusing = gate.open() - hub.metrics().connections();
        long atEase = Math.max(1, (long) (gate.limit() - hub.settings().maxConnections()) * AT_EASE_SHARE_PERCENT / 100);
        return refusing > atEase ? BURST_REFUSED_HEAD_TIMEOUT : REFUSED_HEAD_TIMEOUT;
    }

    /** The answer to a health request on a connection the hub will not otherwise serve. */
    private Optional<FullHttpResponse> probe(HttpRequest request) {
        return routes.probe(request.method().name(), new QueryStringDecoder(request.uri()).rawPath()).map(answer -> {
            FullHttpResponse response = NettyMessages.full(answer);
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            return response;
        });
    }

    private void addHttp2(ChannelPipeline pipeline, Optional<String> refusal) {
        Http2FrameCodec frames = Http2FrameCodecBuilder.forServer().build();
        pipeline.addLast(frames, http2Idle(), new Http2IdleClose(frames),
                new Http2MultiplexHandler(streamInitializer(refusal)));
    }

    /** Signals an HTTP/2 connection quiet both ways for the keep-alive timeout; {@link Http2IdleClose} decides. */
    private IdleStateHandler http2Idle() {
        return new IdleStateHandler(0, 0, hub.settings().keepAliveTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private ChannelInitializer<Channel> streamInitializer(Optional<String> refusal) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel stream) {
                stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true));
                if (refusal.isPresent()) {
                    stream.pipeline().addLast(new OverLimitRefuser(refusal.get(), true, HubInitializer.this::probe,
                            refusedTime()));
                } else {
                    stream.pipeline().addLast(new RequestBodyLimit(hub.settings().maxRequestBytes()),
                            new Router(routes, hub, true));
                }
            }
        };
    }
}
