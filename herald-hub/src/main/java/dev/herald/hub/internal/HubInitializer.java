package dev.herald.hub.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.AsciiString;
import java.io.File;
import javax.net.ssl.SSLException;

/**
 * Sets up each accepted connection: over its limit, a 503; with TLS, ALPN chooses HTTP/2 or HTTP/1.1; in clear
 * text, HTTP/1.1 that may turn into HTTP/2 by upgrade or prior knowledge (h2c). Every request then reaches a
 * {@link HubHandler}.
 */
final class HubInitializer extends ChannelInitializer<SocketChannel> {

    private final HubServer hub;
    private final SslContext ssl;

    HubInitializer(HubServer hub) {
        this.hub = hub;
        this.ssl = hub.settings.tlsCertificate().isPresent() ? sslContext(hub) : null;
    }

    private static SslContext sslContext(HubServer hub) {
        try {
            return SslContextBuilder
                    .forServer(new File(hub.settings.tlsCertificate().orElseThrow().toString()),
                            new File(hub.settings.tlsKey().orElseThrow(
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
        if (hub.metrics.connections.incrementAndGet() > hub.settings.maxConnections() || hub.closing()) {
            hub.metrics.connections.decrementAndGet();
            pipeline.addLast(new HttpServerCodec(), new Refuser());
            return;
        }
        channel.closeFuture().addListener(closed -> hub.metrics.connections.decrementAndGet());
        if (ssl != null) {
            pipeline.addLast(ssl.newHandler(channel.alloc()), new ApplicationProtocolNegotiationHandler(
                    ApplicationProtocolNames.HTTP_1_1) {
                @Override
                protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                    if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                        addHttp2(ctx.pipeline());
                    } else {
                        addHttp1(ctx.pipeline(), new HttpServerCodec());
                    }
                }
            });
            return;
        }
        HttpServerCodec codec = new HttpServerCodec();
        HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(codec, protocol ->
                AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                        ? new Http2ServerUpgradeCodec(Http2FrameCodecBuilder.forServer().build(),
                                new Http2MultiplexHandler(streamInitializer()))
                        : null, hub.settings.maxRequestBytes());
        pipeline.addLast(new CleartextHttp2ServerUpgradeHandler(codec, upgrade, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                addHttp2(ch.pipeline());
            }
        }));
        pipeline.addLast(new HttpObjectAggregator(hub.settings.maxRequestBytes()), new HubHandler(hub, false));
    }

    private void addHttp1(ChannelPipeline pipeline, HttpServerCodec codec) {
        pipeline.addLast(codec, new HttpObjectAggregator(hub.settings.maxRequestBytes()), new HubHandler(hub, false));
    }

    private void addHttp2(ChannelPipeline pipeline) {
        pipeline.addLast(Http2FrameCodecBuilder.forServer().build(), new Http2MultiplexHandler(streamInitializer()));
    }

    private ChannelInitializer<Channel> streamInitializer() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel stream) {
                stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
                        new HttpObjectAggregator(hub.settings.maxRequestBytes()), new HubHandler(hub, true));
            }
        };
    }

    /** Answers every request of a connection over the limit with 503 and closes it. */
    private static final class Refuser extends SimpleChannelInboundHandler<Object> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object message) {
            if (message instanceof HttpRequest) {
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.SERVICE_UNAVAILABLE,
                        ctx.alloc().buffer().writeBytes("the hub is at its connection limit\n".getBytes(
                                java.nio.charset.StandardCharsets.US_ASCII)));
                response.headers().set(HttpHeaderNames.RETRY_AFTER, "5")
                        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
                ctx.writeAndFlush(response).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
            }
        }
    }
}
