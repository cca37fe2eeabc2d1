package dev.herald.hub.internal.http;

import dev.herald.hub.Update;
import dev.herald.hub.internal.HubSettings;
import dev.herald.hub.internal.auth.AuthException;
import dev.herald.hub.internal.auth.Grant;
import dev.herald.hub.internal.dispatch.Stream;
import dev.herald.hub.internal.mercure.BadRequest;
import dev.herald.hub.internal.mercure.SubscribeRequest;
import dev.herald.hub.internal.topic.HubUrl;
import io.netty.channel.ChannelHandlerContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /.well-known/mercure}: reads the subscription, authorizes it, and turns the connection into a
 * {@link Stream}, which from then on owns it. A subscriber without a token is refused unless the hub takes anonymous
 * subscribers (who see public updates only).
 */
final class SubscribeEndpoint implements Endpoint {

    private final HubContext hub;

    SubscribeEndpoint(HubContext hub) {
        this.hub = hub;
    }

    @Override
    public void handle(Exchange exchange) throws BadRequest, AuthException {
        HubSettings settings = hub.settings();
        Map<String, List<String>> query = exchange.query();
        HubUrl hubUrl = exchange.hubUrl();
        SubscribeRequest request = SubscribeRequest.parse(exchange.request().headers().get("Last-Event-ID"), query,
                settings.protocol(), settings.maxSelectors(), hub.selectors(), hubUrl);
        Optional<Grant> grant = hub.authorizer().authorizeSubscriber(exchange.request(), query,
                exchange.resourceIdentifier(), hubUrl);
        if (grant.isEmpty() && !settings.anonymous()) {
            throw Exchange.missingToken();
        }
        ChannelHandlerContext ctx = exchange.ctx();
        Stream stream = new Stream(request.subscription(Update.newId(), grant),
                new NettyStreamSink(ctx, exchange.http2(), exchange.decoration()),
                hub.dispatcherOf(ctx.channel().eventLoop()), hub.streams(), settings.maxQueuedBytes(), ctx.alloc());
        exchange.becomeStream(stream);
        stream.open(grant.flatMap(Grant::expiresAt));
        Optional<String> cursor = request.lastEventId();
        if (cursor.isPresent()) {
            stream.replay(settings.transport(), cursor.get());
        } else {
            stream.start();
        }
    }
}
