package dev.herald.hub.internal.http;

import dev.herald.hub.frontend.HubResponse;
import dev.herald.hub.TransportUnavailableException;
import dev.herald.hub.Update;
import dev.herald.hub.internal.auth.AuthException;
import dev.herald.hub.internal.dispatch.OnLoop;
import dev.herald.hub.internal.auth.Grant;
import dev.herald.hub.internal.mercure.BadRequest;
import dev.herald.hub.internal.mercure.PublishRequest;
import dev.herald.hub.internal.mercure.UrlEncodedForm;
import dev.herald.hub.internal.topic.HubUrl;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /.well-known/mercure}: authorizes the publisher, reads the form into an {@link Update}, checks that
 * the token allows every topic, and answers the update's id once the transport has stored it.
 */
final class PublishEndpoint implements Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(PublishEndpoint.class);

    private final HubContext hub;

    PublishEndpoint(HubContext hub) {
        this.hub = hub;
    }

    @Override
    public void handle(Exchange exchange) throws BadRequest, AuthException {
        if (hub.phase().refusesPublishes()) {
            exchange.send(Refusals.stopping());
            return;
        }
        HubUrl hubUrl = exchange.hubUrl();
        Grant grant = hub.authorizer().authorizePublisher(exchange.headers(), exchange.query(), exchange.resourceIdentifier(),
                hubUrl).orElseThrow(Exchange::missingToken);
        String contentType = exchange.headers().first("Content-Type").orElse("");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new BadRequest(415, "publish with Content-Type: application/x-www-form-urlencoded");
        }
        Map<String, List<String>> form;
        try {
            // Decoded from the request's buffer: a large update's data is copied once, into its string.
            form = UrlEncodedForm.parse(exchange.request().body(), PublishRequest.MAX_TOPICS + 16);
        } catch (UrlEncodedForm.Invalid e) {
            throw new BadRequest(e.tooLarge() ? 413 : 400, "invalid form: " + e.getMessage());
        }
        Update update = PublishRequest.parse(form, hub.reservedNamespace(hubUrl));
        for (String topic : update.topics()) {
            if (!grant.allowsPublishing(topic)) {
                throw AuthException.insufficientScope("the token does not allow publishing to " + topic);
            }
        }
        // A memory append completes right here, on this loop, after queueing the fan-out on every loop: answered
        // now, the publisher does not wait behind this loop's share of the fan-out.
        hub.publisher().publish(update).whenComplete((id, failure) ->
                OnLoop.run(exchange.executor(), () -> answer(exchange, update, id, failure)));
    }

    private static void answer(Exchange exchange, Update update, String id, Throwable failure) {
        if (failure == null) {
            exchange.respond(200, "text/plain; charset=utf-8", id.getBytes(StandardCharsets.UTF_8));
        } else {
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            LOG.warn("publish to {} failed: {}", update.topics(), cause.toString());
            HubResponse response = HubResponse.text(503, cause instanceof TransportUnavailableException
                    ? cause.getMessage() : "the update could not be stored");
            response.headers().set("Retry-After", "1");
            exchange.send(response);
        }
    }
}
