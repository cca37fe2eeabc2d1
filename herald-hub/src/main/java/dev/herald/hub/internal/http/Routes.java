package dev.herald.hub.internal.http;

import dev.herald.hub.frontend.Headers;
import dev.herald.hub.frontend.HubResponse;
import dev.herald.hub.internal.auth.AuthException;
import dev.herald.hub.internal.mercure.BadRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
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
    /** The health answers by path, which a connection over the limit gets too. */
    private final Map<String, Supplier<HubResponse>> probes = new HashMap<>();

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
            HealthEndpoint health = new HealthEndpoint(hub);
            ProbeEndpoint live = new ProbeEndpoint(hub, ProbeEndpoint.Probe.LIVE);
            ProbeEndpoint ready = new ProbeEndpoint(hub, ProbeEndpoint.Probe.READY);
            pages.put("/healthz", health);
            pages.put("/healthz/live", live);
            pages.put("/healthz/ready", ready);
            probes.put("/healthz", health::answer);
            probes.put("/healthz/live", live::answer);
            probes.put("/healthz/ready", ready::answer);
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
     * The answer to a health request ({@code GET} or {@code HEAD} of {@code /healthz}, {@code /healthz/live},
     * {@code /healthz/ready}), for a connection the hub will not serve otherwise: a checker must tell a full hub
     * (live, not ready) from a broken one. Empty for any other request, which gets 503.
     */
    public Optional<HubResponse> probe(String method, String path) {
        Supplier<HubResponse> probe = probes.get(path);
        if (probe == null || !(method.equals("GET") || method.equals("HEAD"))) {
            return Optional.empty();
        }
        HubResponse answer = probe.get();
        answer.headers().set("Content-Length", Integer.toString(answer.body().length));
        return Optional.of(method.equals("HEAD") ? new HubResponse(answer.status(), answer.headers(), new byte[0])
                : answer);
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
