package dev.herald.hub.internal.http;

import dev.herald.hub.frontend.HubResponse;
import dev.herald.hub.frontend.Headers;
import dev.herald.hub.HubOptions;
import dev.herald.hub.internal.auth.AuthException;
import dev.herald.hub.internal.auth.Grant;
import dev.herald.hub.internal.dispatch.OnLoop;
import dev.herald.hub.internal.mercure.BadRequest;
import dev.herald.hub.internal.mercure.SubscriptionEvents;
import dev.herald.hub.internal.topic.HubUrl;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriptions API ({@code GET /.well-known/mercure/subscriptions[/...]}), listing the open streams'
 * subscriptions. A token is required even on a hub open to anonymous subscribers (401 without one), and must grant
 * {@code subscribe} on the requested path itself, as a topic (403 otherwise). A 1.0 token gets the 1.0 document with
 * its cursor in the {@code Link} header; a 0.x token gets the 0.x JSON-LD document.
 */
final class SubscriptionsEndpoint implements Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionsEndpoint.class);

    private final HubContext hub;

    SubscriptionsEndpoint(HubContext hub) {
        this.hub = hub;
    }

    /** The query parameter of each kind of selector, and the kind's name in the API's paths. */
    private static final Map<String, String> SELECTORS = Map.of("match", "exact", "match_urlpattern", "urlpattern",
            "topic", "topic");

    @Override
    public void handle(Exchange exchange) throws BadRequest, AuthException {
        if (!hub.settings().subscriptions()) {
            throw new BadRequest(404, "the subscriptions API is off (enable it with "
                    + hub.settings().naming().nameOf(HubOptions.SUBSCRIPTIONS) + ")");
        }
        HubUrl hubUrl = exchange.hubUrl();
        Grant grant = hub.authorizer().authorizeSubscriber(exchange.headers(), exchange.query(), exchange.resourceIdentifier(),
                hubUrl).orElseThrow(Exchange::missingToken);
        String path = path(exchange);
        if (!grant.allowsSubscribing(path)) {
            throw AuthException.insufficientScope("the token does not allow reading " + path);
        }
        boolean legacy = grant.legacy();
        SubscriptionEvents events = hub.subscriptionEvents();
        if (!events.clusterWide()) {
            answer(exchange, hubUrl, events.document(hub.streams().streams(), path, legacy), legacy);
            return;
        }
        // The other nodes' subscriptions are read from the shared transport; the answer is made back on this loop.
        events.others().whenComplete((others, failure) -> OnLoop.run(exchange.executor(), () -> {
            if (failure != null) {
                LOG.warn("the other nodes' subscriptions cannot be read: {}", failure.toString());
                HubResponse unavailable = HubResponse.text(503, "the subscriptions of the other nodes cannot be"
                        + " read now");
                unavailable.headers().set("Retry-After", "1");
                exchange.send(unavailable);
                return;
            }
            try {
                answer(exchange, hubUrl, events.document(hub.streams().streams(), others, path, legacy), legacy);
            } catch (BadRequest e) {
                exchange.send(HubResponse.text(e.status(), e.getMessage()));
            }
        }));
    }

    private static void answer(Exchange exchange, HubUrl hubUrl, SubscriptionEvents.Document document,
            boolean legacy) {
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

    /**
     * The API path asked for: the request's (subscriptions are named under the path the hub is served at, which is
     * this request's hub path), or the one its query names. Mercure's paths carry topics and subscriber ids
     * percent-encoded, slashes too, which servlet containers and their firewalls refuse by default; the same document
     * can be asked for as {@code /subscriptions?match=TOPIC[&subscriber=ID]} (or {@code match_urlpattern=},
     * {@code topic=} for 0.x), whose path holds no encoded slash.
     */
    private String path(Exchange exchange) throws BadRequest {
        String path = exchange.path();
        Map<String, List<String>> query = exchange.query();
        List<String> kinds = SELECTORS.keySet().stream().filter(query::containsKey).toList();
        Optional<String> subscriber = Optional.ofNullable(query.get("subscriber")).map(values -> values.get(0));
        if (!path.equals(exchange.hubPath() + "/subscriptions") || kinds.isEmpty() && subscriber.isEmpty()) {
            return path;
        }
        if (kinds.size() != 1 || query.get(kinds.get(0)).size() != 1) {
            throw new BadRequest("name one selector: match, match_urlpattern or topic, with subscriber if you like");
        }
        return hub.subscriptionEvents().pathOf(SELECTORS.get(kinds.get(0)), query.get(kinds.get(0)).get(0),
                subscriber);
    }
}
