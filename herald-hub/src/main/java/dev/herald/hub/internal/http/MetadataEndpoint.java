package dev.herald.hub.internal.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.hub.internal.auth.Authorizer;
import dev.herald.hub.internal.topic.HubUrl;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Discovery for Mercure 1.0 clients: the RFC 9728 protected resource metadata (what the hub's tokens must say, and
 * who issues them), and the pointer to it that every Bearer challenge carries.
 */
final class MetadataEndpoint implements Endpoint {

    private static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HubContext hub;

    MetadataEndpoint(HubContext hub) {
        this.hub = hub;
    }

    @Override
    public void handle(Exchange exchange) {
        ObjectNode metadata = JSON.createObjectNode();
        metadata.put("resource", exchange.resourceIdentifier());
        List<String> servers = hub.settings().auth().authorizationServers();
        if (!servers.isEmpty()) {
            servers.forEach(metadata.putArray("authorization_servers")::add);
        }
        metadata.putArray("bearer_methods_supported").add("header");
        metadata.putArray("authorization_details_types_supported").add(Authorizer.DETAIL_TYPE);
        metadata.put("mercure_cookie", Authorizer.ACCESS_TOKEN_COOKIE);
        metadata.putArray("mercure_matcher_types_supported").add("exact").add("urlpattern");
        if (hub.settings().subscriptions()) {
            metadata.put("mercure_subscriptions", true);
        }
        exchange.respond(200, "application/json",
                metadata.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 9728 section 3.1: the well-known segment goes between the resource identifier's host and its path. */
    static String path(String hubPath) {
        return WELL_KNOWN + hubPath;
    }

    /**
     * Adds RFC 9728's {@code resource_metadata} to a Bearer challenge, so that a client told 401 or 403 can find the
     * hub's resource identifier and issuers without prior configuration.
     */
    static String challenge(String challenge, Exchange exchange) {
        HubUrl hubUrl = exchange.hubUrlOrDefault();
        return challenge + ", resource_metadata=\"" + hubUrl.url().getScheme() + "://" + hubUrl.url().getRawAuthority()
                + path(hubUrl.url().getRawPath()) + "\"";
    }
}
