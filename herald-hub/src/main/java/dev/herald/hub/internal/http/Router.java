package dev.herald.hub.internal.http;

import dev.herald.hub.internal.auth.AuthException;
import dev.herald.hub.internal.dispatch.EndReason;
import dev.herald.hub.internal.dispatch.Stream;
import dev.herald.hub.internal.mercure.BadRequest;
import dev.herald.hub.internal.topic.HubUrl;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of one connection (or one HTTP/2 stream): sends each request to its endpoint by path and method
 * ({@link Routes}), answers refusals, and, once a subscribe request has turned the connection into a stream, hands
 * the connection's events to that {@link Stream}: writability resumes its replay, the connection's end or failure
 * ends it.
 */
final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** The hub's endpoints by path and method; one per hub, shared by every connection. */
    static final class Routes {

        static final String HUB_PATH = HubUrl.DEFAULT_PATH;
        static final String SUBSCRIPTIONS_PATH = HUB_PATH + "/subscriptions";

        private final HubContext hub;
        private final Endpoint subscribe;
        private final Endpoint publish;
        private final Endpoint subscriptions;
        private final Endpoint preflight = this::preflight;
        /** The endpoints served at one path, to GET (and HEAD). */
        private final Map<String, Endpoint> reads = new HashMap<>();

        Routes(HubContext hub) {
            this.hub = hub;
            this.subscribe = new SubscribeEndpoint(hub);
            this.publish = new PublishEndpoint(hub);
            this.subscriptions = new SubscriptionsEndpoint(hub);
            reads.put(MetadataEndpoint.PATH, new MetadataEndpoint(hub));
            reads.put("/healthz", new HealthEndpoint(hub));
            reads.put("/metrics", new MetricsEndpoint(hub));
            if (hub.settings().page()) {
                reads.put("/", new PageEndpoint());
            }
        }

        /**
         * The endpoint for a request.
         *
         * @throws BadRequest 404 for a path the hub does not serve, 405 for a method the path does not take
         */
        Endpoint find(String path, HttpMethod method) throws BadRequest {
            if (method.equals(HttpMethod.OPTIONS)) {
                return preflight;
            }
            if (path.equals(HUB_PATH)) {
                if (method.equals(HttpMethod.GET)) {
                    return subscribe;
                }
                if (method.equals(HttpMethod.POST)) {
                    return publish;
                }
                throw new BadRequest(405, "use GET to subscribe or POST to publish");
            }
            if (path.equals(SUBSCRIPTIONS_PATH) || path.startsWith(SUBSCRIPTIONS_PATH + "/")) {
                requireGet(method);
                return subscriptions;
            }
            Endpoint read = reads.get(path);
            if (read == null) {
                throw new BadRequest(404, "not found: " + path);
            }
            requireGet(method);
            return read;
        }

        private static void requireGet(HttpMethod method) throws BadRequest {
            if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
                throw new BadRequest(405, "only GET is supported here");
            }
        }

        /** A CORS preflight, at any path: what a browser may send, when its origin is allowed. */
        private void preflight(Exchange exchange) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.NO_CONTENT);
            hub.responseHeaders().preflight(exchange.request(), response.headers());
            exchange.send(response);
        }
    }

    private final Routes routes;
    private final HubContext hub;
    private final boolean http2;
    /** The stream this connection became, if it did. */
    private Stream stream;

    Router(Routes routes, HubContext hub, boolean http2) {
        this.routes = routes;
        this.hub = hub;
        this.http2 = http2;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (stream != null) {
            return; // a stream's connection serves nothing else
        }
        Exchange exchange = new Exchange(hub, ctx, request, http2, this);
        if (!request.decoderResult().isSuccess()) {
            exchange.send(exchange.textResponse(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request"));
            return;
        }
        HttpMethod method = request.method();
        String path = exchange.path();
        try {
            routes.find(path, method).handle(exchange);
        } catch (BadRequest e) {
            LOG.info("{} {} -> {} {}", method, path, e.status(), e.getMessage());
            FullHttpResponse response = exchange.textResponse(HttpResponseStatus.valueOf(e.status()), e.getMessage());
            if (e.status() == 401) {
                response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE,
                        MetadataEndpoint.challenge(AuthException.challenge(), exchange));
            }
            exchange.send(response);
        } catch (AuthException e) {
            LOG.info("{} {} refused: {} {}", method, path, e.status(), e.description());
            FullHttpResponse response = exchange.textResponse(HttpResponseStatus.valueOf(e.status()),
                    e.description());
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE,
                    MetadataEndpoint.challenge(e.wwwAuthenticate(), exchange));
            exchange.send(response);
        } catch (RuntimeException e) {
            if (stream != null) {
                throw e; // the stream's failure: exceptionCaught ends it
            }
            // A fault of the hub's own: the client is told so, rather than seeing its connection drop.
            LOG.error("{} {} failed", method, path, e);
            exchange.send(exchange.textResponse(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error"));
        }
    }

    /** The connection now carries {@code opened}: its events go to it, and no other request is served. */
    void becomeStream(Stream opened) {
        this.stream = opened;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (stream != null && ctx.channel().isWritable()) {
            stream.writable();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (stream != null) {
            stream.end(EndReason.CLIENT);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            // The connection broke: its close ends the stream, if any, as the client's.
            LOG.debug("connection {} failed: {}", ctx.channel(), cause.toString());
        } else {
            LOG.warn("connection {} failed", ctx.channel(), cause);
            if (stream != null) {
                stream.end(EndReason.ERROR);
            }
        }
        ctx.close();
    }
}
