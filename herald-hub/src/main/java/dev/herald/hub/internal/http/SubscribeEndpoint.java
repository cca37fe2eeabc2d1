package dev.herald.hub.internal.http;

import dev.herald.hub.SubscriberAccess;
import dev.herald.hub.SubscriberAuthorization;
import dev.herald.hub.SubscriberRequest;
import dev.herald.hub.internal.HubSettings;
import dev.herald.hub.internal.auth.ApplicationAccess;
import dev.herald.hub.internal.auth.AuthException;
import dev.herald.hub.internal.auth.Grant;
import dev.herald.hub.internal.dispatch.Stream;
import dev.herald.hub.internal.mercure.BadRequest;
import dev.herald.hub.internal.mercure.SubscribeRequest;
import dev.herald.hub.internal.topic.HubUrl;
import dev.herald.hub.internal.topic.Subscription;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /.well-known/mercure}: reads the subscription, authorizes it (the application's
 * {@link SubscriberAuthorization} first, if it has one, then the request's token), and turns the connection into a
 * {@link Stream}, which from then on owns it. A subscriber with neither is refused unless the hub takes anonymous
 * subscribers (who see public updates only).
 */
final class SubscribeEndpoint implements Endpoint {

    private final HubContext hub;

    SubscribeEndpoint(HubContext hub) {
        this.hub = hub;
    }

    @Override
    public void handle(Exchange exchange) throws BadRequest, AuthException {
        if (hub.phase().refusesSubscribers()) {
            exchange.send(Refusals.stopping()); // its client reconnects, to another node
            return;
        }
        HubSettings settings = hub.settings();
        Map<String, List<String>> query = exchange.query();
        HubUrl hubUrl = exchange.hubUrl();
        SubscribeRequest request = SubscribeRequest.parse(exchange.headers().first("Last-Event-ID").orElse(null), query,
                settings.protocol(), settings.maxSelectors(), hub.selectors(), hubUrl);
        Optional<Grant> grant = applicationGrant(exchange, request, hubUrl);
        if (grant.isEmpty()) {
            grant = hub.authorizer().authorizeSubscriber(exchange.headers(), query, exchange.resourceIdentifier(),
                    hubUrl);
            if (grant.isEmpty() && !settings.anonymous()) {
                throw Exchange.missingToken();
            }
        }
        Stream stream = new Stream(request.subscription(UUID.randomUUID(), grant),
                exchange.streamSink(exchange.decoration()), exchange.dispatcher(), hub.streams(),
                settings.maxQueuedBytes(), exchange.alloc());
        exchange.becomeStream(stream);
        stream.open(grant.flatMap(Grant::expiresAt));
        Optional<String> cursor = request.lastEventId();
        if (cursor.isPresent()) {
            stream.replay(settings.transport(), cursor.get());
        } else {
            stream.start();
        }
    }

    /** What the application's own authorization allows, when it has one and answers. */
    private Optional<Grant> applicationGrant(Exchange exchange, SubscribeRequest request, HubUrl hubUrl) {
        Optional<SubscriberAuthorization> authorization = hub.settings().subscriberAuthorization();
        if (authorization.isEmpty()) {
            return Optional.empty();
        }
        Optional<Principal> principal = exchange.request().principal();
        List<String> topics = request.selectorTexts().stream().map(Subscription.SelectorText::text).toList();
        SubscriberRequest asked = new SubscriberRequest() {
            @Override
            public Optional<Principal> principal() {
                return principal;
            }

            @Override
            public Optional<String> header(String name) {
                return exchange.headers().first(name);
            }

            @Override
            public List<String> topics() {
                return topics;
            }
        };
        Optional<SubscriberAccess> access = authorization.get().authorize(asked);
        return access.map(granted -> ApplicationAccess.grant(granted, principal.map(Principal::getName),
                hub.selectors(), hubUrl));
    }
}
