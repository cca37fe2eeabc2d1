package dev.herald.hub.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.hub.MemoryTransport;
import dev.herald.hub.TransportUnavailableException;
import dev.herald.hub.Update;
import dev.herald.hub.internal.HubMetrics;
import dev.herald.hub.internal.HubServer;
import dev.herald.hub.internal.auth.AuthException;
import dev.herald.hub.internal.auth.Authorizer;
import dev.herald.hub.internal.auth.Grant;
import dev.herald.hub.internal.dispatch.EncodedUpdate;
import dev.herald.hub.internal.dispatch.LoopDispatcher;
import dev.herald.hub.internal.dispatch.EndReason;
import dev.herald.hub.internal.dispatch.Stream;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import dev.herald.hub.internal.mercure.BadRequest;
import dev.herald.hub.internal.mercure.PublishRequest;
import dev.herald.hub.internal.mercure.SubscribeRequest;
import dev.herald.hub.internal.mercure.SubscriptionEvents;
import dev.herald.hub.internal.mercure.UrlEncodedForm;
import dev.herald.hub.internal.topic.HubUrl;
import dev.herald.hub.internal.topic.Subscription;
import dev.herald.hub.internal.topic.TopicSelector;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the requests of one connection (or one HTTP/2 stream): subscribe, publish, the subscriptions API,
 * {@code /healthz}, {@code /metrics} and the page. A subscribe request turns the connection into an event stream
 * owned by a {@link Subscriber}.
 */
public final class HubHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(HubHandler.class);
    private static final String HUB_PATH = HubUrl.DEFAULT_PATH;
    /** Query parameters read from one request; more is refused (a subscription has far fewer). */
    private static final int MAX_QUERY_FIELDS = 1024;
    private static final String SUBSCRIPTIONS_PATH = HUB_PATH + "/subscriptions";
    /** Where Mercure 1.0 clients discover how to authenticate (RFC 9728 protected resource metadata). */
    private static final String RESOURCE_METADATA_PATH = "/.well-known/oauth-protected-resource" + HUB_PATH;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAGE = loadPage();

    private final HubServer hub;
    private final boolean http2;
    private Stream stream;

    public HubHandler(HubServer hub, boolean http2) {
        this.hub = hub;
        this.http2 = http2;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (stream != null) {
            return; // a stream's connection serves nothing else
        }
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.rawPath();
        HttpMethod method = request.method();
        try {
            if (method.equals(HttpMethod.OPTIONS)) {
                preflight(ctx, request);
            } else if (path.equals(HUB_PATH)) {
                if (method.equals(HttpMethod.GET)) {
                    subscribe(ctx, request, uri);
                } else if (method.equals(HttpMethod.POST)) {
                    publish(ctx, request, uri);
                } else {
                    throw new BadRequest(405, "use GET to subscribe or POST to publish");
                }
            } else if (path.equals(SUBSCRIPTIONS_PATH) || path.startsWith(SUBSCRIPTIONS_PATH + "/")) {
                requireGet(method);
                subscriptions(ctx, request, uri);
            } else if (path.equals(RESOURCE_METADATA_PATH)) {
                requireGet(method);
                respond(ctx, request, HttpResponseStatus.OK, "application/json", resourceMetadata(request));
            } else if (path.equals("/healthz")) {
                requireGet(method);
                respond(ctx, request, HttpResponseStatus.OK, "application/json", health());
            } else if (path.equals("/metrics")) {
                requireGet(method);
                respond(ctx, request, HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8",
                        hub.metrics.scrape().getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/") && hub.settings.page()) {
                requireGet(method);
                page(ctx, request);
            } else {
                throw new BadRequest(404, "not found: " + path);
            }
        } catch (BadRequest e) {
            LOG.info("{} {} -> {} {}", method, path, e.status, e.getMessage());
            FullHttpResponse response = textResponse(ctx, HttpResponseStatus.valueOf(e.status), e.getMessage());
            if (e.status == 401) {
                response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE,
                        withResourceMetadata(AuthException.challenge(), request));
            }
            send(ctx, request, response);
        } catch (AuthException e) {
            LOG.info("{} {} refused: {} {}", method, path, e.status(), e.description());
            FullHttpResponse response = textResponse(ctx, HttpResponseStatus.valueOf(e.status()), e.description());
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE,
                    withResourceMetadata(e.wwwAuthenticate(), request));
            send(ctx, request, response);
        }
    }

    /** The query's fields, strictly decoded: invalid UTF-8 or too many fields is a 400. */
    private static Map<String, List<String>> query(QueryStringDecoder uri) throws BadRequest {
        try {
            return UrlEncodedForm.parse(uri.rawQuery(), MAX_QUERY_FIELDS);
        } catch (UrlEncodedForm.Invalid e) {
            throw new BadRequest("invalid query: " + e.getMessage());
        }
    }

    private static void requireGet(HttpMethod method) throws BadRequest {
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            throw new BadRequest(405, "only GET is supported here");
        }
    }

    // ---- subscribe -------------------------------------------------------------------------------------------

    private void subscribe(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri)
            throws BadRequest, AuthException {
        Map<String, List<String>> query = query(uri);
        HubUrl hubUrl = hubUrl(request);
        SubscribeRequest parsed = SubscribeRequest.parse(request.headers().get("Last-Event-ID"), query,
                hub.settings.protocol(), hub.settings.maxSelectors(), hub.selectors, hubUrl);
        Optional<Grant> grant = hub.authorizer.authorizeSubscriber(request, query, resourceIdentifier(request), hubUrl);
        if (grant.isEmpty() && !hub.settings.anonymous()) {
            throw missingToken();
        }
        Subscription subscription = parsed.subscription(Update.newId(), grant);
        HttpHeaders decoration = new DefaultHttpHeaders();
        cors(request, decoration);
        securityHeaders(decoration);
        discoveryLink(request, decoration);
        Stream opened = new Stream(subscription, new NettyStreamSink(ctx, http2, decoration),
                hub.dispatcherOf(ctx.channel()), hub.streams, hub.settings.maxQueuedBytes(), ctx.alloc());
        stream = opened;
        opened.open(grant.flatMap(Grant::expiresAt));
        Optional<String> cursor = parsed.lastEventId();
        if (cursor.isPresent()) {
            opened.replay(hub.settings.transport(), cursor.get());
        } else {
            opened.start();
        }
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
            LOG.debug("connection {} failed: {}", ctx.channel(), cause.toString());
        } else {
            LOG.warn("connection {} failed", ctx.channel(), cause);
            if (stream != null) {
                stream.end(EndReason.ERROR);
            }
        }
        ctx.close();
    }

    // ---- publish ---------------------------------------------------------------------------------------------

    private void publish(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri)
            throws BadRequest, AuthException {
        HubUrl hubUrl = hubUrl(request);
        Optional<Grant> grant = hub.authorizer.authorizePublisher(request, query(uri), resourceIdentifier(request),
                hubUrl);
        if (grant.isEmpty()) {
            throw missingToken();
        }
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new BadRequest(415, "publish with Content-Type: application/x-www-form-urlencoded");
        }
        Map<String, List<String>> form;
        try {
            // Decoded from the request's buffer: a large update's data is copied once, into its string.
            form = UrlEncodedForm.parse(request.content(), PublishRequest.MAX_TOPICS + 16);
        } catch (UrlEncodedForm.Invalid e) {
            throw new BadRequest(e.tooLarge ? 413 : 400, "invalid form: " + e.getMessage());
        }
        Update update = PublishRequest.parse(form, hubUrl);
        for (String topic : update.topics()) {
            if (!grant.get().allowsPublishing(topic)) {
                throw AuthException.insufficientScope("the token does not allow publishing to " + topic);
            }
        }
        request.retain();
        // A memory append completes right here, on this loop, after queueing the fan-out on every loop: answered
        // now, the publisher does not wait behind this loop's share of the fan-out.
        hub.publish(update).whenComplete((id, failure) ->
                onLoop(ctx.executor(), () -> answerPublish(ctx, request, update, id, failure)));
    }

    /**
     * Runs {@code task} at once when the caller is already on {@code loop} (the memory transport completes inline),
     * else queues it there: a queued task would wait behind everything else the loop has to do.
     */
    private static void onLoop(EventExecutor loop, Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    private void answerPublish(ChannelHandlerContext ctx, FullHttpRequest request, Update update, String id,
            Throwable failure) {
        try {
            if (failure == null) {
                respond(ctx, request, HttpResponseStatus.OK, "text/plain; charset=utf-8",
                        id.getBytes(StandardCharsets.UTF_8));
            } else {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                LOG.warn("publish to {} failed: {}", update.topics(), cause.toString());
                FullHttpResponse response = textResponse(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE,
                        cause instanceof TransportUnavailableException ? cause.getMessage()
                                : "the update could not be stored");
                response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
                send(ctx, request, response);
            }
        } finally {
            request.release();
        }
    }

    /** A 401 without an error code: RFC 6750's answer to a request that needs a token and carries none. */
    private static BadRequest missingToken() {
        return new BadRequest(401, "a token is required");
    }

    // ---- other resources -------------------------------------------------------------------------------------

    /**
     * The subscriptions API. A token is required even on a hub open to anonymous subscribers (401 without one), and
     * must grant {@code subscribe} on the requested path itself, as a topic (403 otherwise). A 1.0 token gets the
     * 1.0 document with its cursor in the {@code Link} header; a 0.x token gets the 0.x JSON-LD document.
     */
    private void subscriptions(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri)
            throws BadRequest, AuthException {
        if (!hub.settings.subscriptions()) {
            throw new BadRequest(404, "the subscriptions API is off (enable it with --subscriptions)");
        }
        HubUrl hubUrl = hubUrl(request);
        Grant grant = hub.authorizer.authorizeSubscriber(request, query(uri), resourceIdentifier(request), hubUrl)
                .orElseThrow(HubHandler::missingToken);
        String path = uri.rawPath();
        if (!grant.allowsSubscribing(path)) {
            throw AuthException.insufficientScope("the token does not allow reading " + path);
        }
        boolean legacy = grant.legacy();
        SubscriptionEvents.Document document = hub.subscriptionEvents.document(hub.streams.streams(), path, legacy);
        String etag = '"' + document.lastEventId().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        FullHttpResponse response;
        if (etag.equals(request.headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
        } else {
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(document.json()));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, legacy ? "application/ld+json" : "application/json");
        }
        response.headers().set(HttpHeaderNames.ETAG, etag).set(HttpHeaderNames.CACHE_CONTROL, "must-revalidate");
        if (!legacy) {
            response.headers().set("Link", "<" + hubUrl + ">; rel=\"mercure\"; last-event-id="
                    + etag + "; type=\"mercure\"; content-type=\"application/json\"");
        }
        send(ctx, request, response);
    }

    /** RFC 9728 protected resource metadata: how a Mercure 1.0 client finds what its tokens must say. */
    private byte[] resourceMetadata(FullHttpRequest request) {
        ObjectNode metadata = JSON.createObjectNode();
        metadata.put("resource", resourceIdentifier(request));
        List<String> servers = hub.settings.auth().authorizationServers();
        if (!servers.isEmpty()) {
            servers.forEach(metadata.putArray("authorization_servers")::add);
        }
        metadata.putArray("bearer_methods_supported").add("header");
        metadata.putArray("authorization_details_types_supported").add(Authorizer.DETAIL_TYPE);
        metadata.put("mercure_cookie", Authorizer.ACCESS_TOKEN_COOKIE);
        metadata.putArray("mercure_matcher_types_supported").add("exact").add("urlpattern");
        if (hub.settings.subscriptions()) {
            metadata.put("mercure_subscriptions", true);
        }
        return metadata.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Adds RFC 9728's {@code resource_metadata} to a Bearer challenge, so that a client told 401 or 403 can find the
     * hub's resource identifier and issuers without prior configuration.
     */
    private String withResourceMetadata(String challenge, FullHttpRequest request) {
        return challenge + ", resource_metadata=\"" + resourceMetadataUrl(request) + "\"";
    }

    /** RFC 9728 section 3.1: the well-known segment goes between the resource identifier's host and its path. */
    private String resourceMetadataUrl(FullHttpRequest request) {
        HubUrl hubUrl = hubUrlOrDefault(request);
        return hubUrl.url().getScheme() + "://" + hubUrl.url().getRawAuthority() + RESOURCE_METADATA_PATH;
    }

    private byte[] health() {
        return ("{\"status\":\"ok\",\"subscribers\":" + hub.streams.size()
                + ",\"connections\":" + hub.metrics.connections()
                + ",\"publishes\":" + hub.metrics.publishes()
                + ",\"deliveries\":" + hub.metrics.deliveries()
                + ",\"uptimeSeconds\":" + Duration.between(hub.startedAt, Instant.now()).toSeconds()
                + "}").getBytes(StandardCharsets.UTF_8);
    }

    private void page(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(PAGE));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
                // The page is static and its script inline; nothing else may load or run.
                .set("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; "
                        + "style-src 'unsafe-inline'; frame-ancestors 'none'");
        send(ctx, request, response);
    }

    private static byte[] loadPage() {
        try (InputStream in = HubHandler.class.getResourceAsStream("/dev/herald/hub/index.html")) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void preflight(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
        if (cors(request, response.headers())) {
            response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS")
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS,
                            "authorization, cache-control, last-event-id, content-type")
                    .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
        }
        send(ctx, request, response);
    }

    // ---- responses -------------------------------------------------------------------------------------------

    /**
     * Adds CORS headers when the request's origin is allowed; returns whether it was. A configured {@code *}
     * allows any origin, but then without credentials, so that no site can act with a user's cookie.
     */
    private boolean cors(FullHttpRequest request, HttpHeaders headers) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        List<String> allowed = hub.settings.corsOrigins();
        if (origin == null || allowed.isEmpty()) {
            return false;
        }
        if (allowed.contains(origin)) {
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        } else if (allowed.contains("*")) {
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        } else {
            return false;
        }
        headers.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN)
                .set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS,
                        "Link, Last-Event-ID, Mercure-Last-Event-ID, Retry-After, WWW-Authenticate");
        return true;
    }

    private static void securityHeaders(HttpHeaders headers) {
        headers.set("X-Content-Type-Options", "nosniff").set("X-Frame-Options", "DENY");
    }

    /** Mercure discovery: every answer names the hub, so a client that reached any URL of it can find it. */
    private void discoveryLink(FullHttpRequest request, HttpHeaders headers) {
        headers.set("Link", "<" + hubUrlOrDefault(request) + ">; rel=\"mercure\"");
    }

    /**
     * The hub's URL for this request: the configured resource identifier when it is an http(s) URL (a stable base for
     * relative topics and patterns), else this request's scheme and {@code Host} with the hub's path.
     *
     * @throws BadRequest when the {@code Host} header cannot be part of a URL
     */
    private HubUrl hubUrl(FullHttpRequest request) throws BadRequest {
        Optional<HubUrl> configured = hub.settings.auth().resourceIdentifier().flatMap(HubUrl::parse);
        if (configured.isPresent()) {
            return configured.get();
        }
        String host = request.headers().get(HttpHeaderNames.HOST, hub.address().getHostString());
        try {
            return HubUrl.of(hub.settings.tlsCertificate().isPresent() ? "https" : "http", host);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("invalid Host header");
        }
    }

    /** {@link #hubUrl}, or the listening address's when the {@code Host} header is unusable: for headers only. */
    private HubUrl hubUrlOrDefault(FullHttpRequest request) {
        try {
            return hubUrl(request);
        } catch (BadRequest e) {
            return HubUrl.of(hub.settings.tlsCertificate().isPresent() ? "https" : "http",
                    hub.address().getHostString() + ":" + hub.address().getPort());
        }
    }

    private String resourceIdentifier(FullHttpRequest request) {
        return hub.settings.auth().resourceIdentifier().orElseGet(() -> hubUrlOrDefault(request).toString());
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String text) {
        send(ctx, request, textResponse(ctx, status, text));
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
            String contentType, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        send(ctx, request, response);
    }

    private static FullHttpResponse textResponse(ChannelHandlerContext ctx, HttpResponseStatus status, String text) {
        ByteBuf body = ctx.alloc().buffer().writeBytes((text + "\n").getBytes(StandardCharsets.UTF_8));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        return response;
    }

    private void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        HttpHeaders headers = response.headers();
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        cors(request, headers);
        securityHeaders(headers);
        if (!headers.contains("Link")) {
            discoveryLink(request, headers);
        }
        if (request.method().equals(HttpMethod.HEAD)) {
            response.content().clear();
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request) && !hub.closing();
        if (!http2) {
            HttpUtil.setKeepAlive(response, keepAlive);
        }
        var written = ctx.writeAndFlush(response);
        if (!keepAlive && !http2) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
