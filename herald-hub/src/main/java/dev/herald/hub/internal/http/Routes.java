package dev.herald.hub.internal.http;

import dev.herald.hub.frontend.Headers;
import dev.herald.hub.frontend.HubResponse;
import dev.herald.hub.internal.auth.AuthException;
import dev.herald.hub.internal.mercure.BadRequest;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's endpoints by path and method, and the one place where a refusal or a fault becomes a response: every
 * front-end hands each request to {@link #serve}. One per hub and front-end, shared by every connection.
 */
public final class Routes {

    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);

    private final HubContext hub;
    private final Endpoint subscribe;
    private final Endpoint publish;
    private final Endpoint subscriptions;
    private final Endpoint metadata;
    private final Endpoint preflight = this::preflight;
    /** The standalone hub's own pages, to GET (and HEAD), by path; none where an application serves the hub. */
    private final Map<String, Endpoint> pages = new HashMap<>();

    /**
     * @param standalone whether the hub is its own server, serving health, metrics and its page beside the hub (an
     *     application that mounts the hub has its own)
     */
    public Routes(HubContext hub, boolean standalone) {
        this.hub = hub;
        this.subscribe = new SubscribeEndpoint(hub);
        this.publish = new PublishEndpoint(hub);
        this.subscriptions = new SubscriptionsEndpoint(hub);
        this.metadata = new MetadataEndpoint(hub);
        if (standalone) {
            pages.put("/healthz", new HealthEndpoint(hub));
            pages.put("/healthz/live", new ProbeEndpoint(hub, ProbeEndpoint.Probe.LIVE));
            pages.put("/healthz/ready", new ProbeEndpoint(hub, ProbeEndpoint.Probe.READY));
            pages.put("/metrics", new MetricsEndpoint(hub));
            if (hub.settings().page()) {
                pages.put("/", new PageEndpoint());
            }
        }
    }

    /**
     * Answers {@code exchange}, or turns it into a stream: refusals get their status (401 and 403 with a Bearer
     * challenge); a fault of the hub's own gets a 500 rather than a dropped connection, or ends the stream the
     * request had become.
     */
    public void serve(Exchange exchange) {
        String method = exchange.method();
        String path = exchange.path();
        try {
            find(path, exchange.hubPath(), method).handle(exchange);
        } catch (BadRequest e) {
            LOG.info("{} {} -> {} {}", method, path, e.status(), e.getMessage());
            HubResponse response = HubResponse.text(e.status(), e.getMessage());
            if (e.status() == 401) {
                response.headers().set("WWW-Authenticate", MetadataEndpoint.challenge(AuthException.challenge(),
                        exchange));
            }
            exchange.send(response);
        } catch (AuthException e) {
            LOG.info("{} {} refused: {} {}", method, path, e.status(), e.description());
            HubResponse response = HubResponse.text(e.status(), e.description());
            response.headers().set("WWW-Authenticate", MetadataEndpoint.challenge(e.wwwAuthenticate(), exchange));
            exchange.send(response);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", method, path, e);
            exchange.fail();
        }
    }

    /**
     * The endpoint for a request.
     *
     * @throws BadRequest 404 for a path the hub does not serve, 405 for a method the path does not take
     */
    private Endpoint find(String path, String hubPath, String method) throws BadRequest {
        if (method.equals("OPTIONS")) {
            return preflight;
        }
        if (path.equals(hubPath)) {
            if (method.equals("GET")) {
                return subscribe;
            }
            if (method.equals("POST")) {
                return publish;
            }
            throw new BadRequest(405, "use GET to subscribe or POST to publish");
        }
        String subscriptionsPath = hubPath + "/subscriptions";
        Endpoint endpoint;
        if (path.equals(subscriptionsPath) || path.startsWith(subscriptionsPath + "/")) {
            endpoint = subscriptions;
        } else if (path.equals(MetadataEndpoint.path(hubPath))) {
            endpoint = metadata;
        } else {
            endpoint = pages.get(path);
        }
        if (endpoint == null) {
            throw new BadRequest(404, "not found: " + path);
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new BadRequest(405, "only GET is supported here");
        }
        return endpoint;
    }

    /** A CORS preflight, at any path: what a browser may send, when its origin is allowed. */
    private void preflight(Exchange exchange) {
        HubResponse response = new HubResponse(204, new Headers(), new byte[0]);
        hub.responseHeaders().preflight(exchange, response.headers());
        exchange.send(response);
    }
}
