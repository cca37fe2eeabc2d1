package dev.herald.hub.internal.http;

import dev.herald.hub.frontend.HubResponse;
import dev.herald.hub.frontend.Headers;
import dev.herald.hub.HubOptions;
import dev.herald.hub.internal.auth.AuthException;
import dev.herald.hub.internal.auth.Grant;
import dev.herald.hub.internal.mercure.BadRequest;
import dev.herald.hub.internal.mercure.SubscriptionEvents;
import dev.herald.hub.internal.topic.HubUrl;

/**
 * The subscriptions API ({@code GET /.well-known/mercure/subscriptions[/...]}), listing the open streams'
 * subscriptions. A token is required even on a hub open to anonymous subscribers (401 without one), and must grant
 * {@code subscribe} on the requested path itself, as a topic (403 otherwise). A 1.0 token gets the 1.0 document with
 * its cursor in the {@code Link} header; a 0.x token gets the 0.x JSON-LD document.
 */
final class SubscriptionsEndpoint implements Endpoint {

    private final HubContext hub;

    SubscriptionsEndpoint(HubContext hub) {
        this.hub = hub;
    }

    @Override
    public void handle(Exchange exchange) throws BadRequest, AuthException {
        if (!hub.settings().subscriptions()) {
            throw new BadRequest(404, "the subscriptions API is off (enable it with "
                    + hub.settings().naming().nameOf(HubOptions.SUBSCRIPTIONS) + ")");
        }
        HubUrl hubUrl = exchange.hubUrl();
        Grant grant = hub.authorizer().authorizeSubscriber(exchange.headers(), exchange.query(), exchange.resourceIdentifier(),
                hubUrl).orElseThrow(Exchange::missingToken);
        // Subscriptions are named under the path the hub is served at, which is this request's hub path.
        String path = exchange.path();
        if (!grant.allowsSubscribing(path)) {
            throw AuthException.insufficientScope("the token does not allow reading " + path);
        }
        boolean legacy = grant.legacy();
        SubscriptionEvents.Document document = hub.subscriptionEvents().document(hub.streams().streams(), path,
                legacy);
        String etag = '"' + document.lastEventId().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        HubResponse response;
        if (exchange.headers().first("If-None-Match").filter(etag::equals).isPresent()) {
            response = new HubResponse(304, new Headers(), new byte[0]);
        } else {
            response = new HubResponse(200, new Headers().set("Content-Type",
                    legacy ? "application/ld+json" : "application/json"), document.json());
        }
        response.headers().set("ETag", etag).set("Cache-Control", "must-revalidate");
        if (!legacy) {
            response.headers().set("Link", "<" + hubUrl + ">; rel=\"mercure\"; last-event-id="
                    + etag + "; type=\"mercure\"; content-type=\"application/json\"");
        }
        exchange.send(response);
    }
}
