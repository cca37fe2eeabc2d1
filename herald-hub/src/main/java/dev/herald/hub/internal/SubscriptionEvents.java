package dev.herald.hub.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.hub.MemoryTransport;
import dev.herald.hub.Update;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mercure's active subscriptions: a private JSON-LD update when a subscriber connects and when it leaves, on topics
 * under {@code /.well-known/mercure/subscriptions/}, and the documents the subscriptions API serves. 0.x
 * subscribers are described by {@code topic}, 1.0 ones by {@code match_type} and {@code match}.
 */
final class SubscriptionEvents {

    /** A JSON-LD document and the log position it describes (for the ETag). */
    record Document(byte[] json, String lastEventId) {
    }

    private record Active(Subscription subscription, SubscribeRequest request) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionEvents.class);
    private static final String PREFIX = "/.well-known/mercure/subscriptions";
    private static final String CONTEXT = "https://mercure.rocks/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HubServer hub;
    private final Map<String, Active> active = new ConcurrentHashMap<>();

    SubscriptionEvents(HubServer hub) {
        this.hub = hub;
    }

    void connected(Subscription subscription, SubscribeRequest request) {
        if (!hub.settings.subscriptions()) {
            return;
        }
        active.put(subscription.id(), new Active(subscription, request));
        announce(subscription, request, true);
    }

    void disconnected(Subscription subscription) {
        if (!hub.settings.subscriptions()) {
            return;
        }
        Active gone = active.remove(subscription.id());
        if (gone != null && !hub.closing()) {
            announce(subscription, gone.request(), false);
        }
    }

    private void announce(Subscription subscription, SubscribeRequest request, boolean isActive) {
        for (SubscribeRequest.SelectorText selector : request.selectorTexts()) {
            ObjectNode document = describe(subscription, request, selector, isActive);
            document.put("@context", CONTEXT);
            Update update = Update.builder().topic(document.get("id").asText())
                    .data(document.toPrettyString()).privateUpdate(true).build();
            hub.publish(update).exceptionally(failure -> {
                LOG.warn("could not publish the subscription event of {}: {}", subscription.id(), failure.toString());
                return null;
            });
        }
    }

    private static ObjectNode describe(Subscription subscription, SubscribeRequest request,
            SubscribeRequest.SelectorText selector, boolean isActive) {
        ObjectNode node = JSON.createObjectNode();
        String subscriber = queryEscape(subscription.id());
        if (request.legacy()) {
            node.put("id", PREFIX + "/" + queryEscape(selector.text()) + "/" + subscriber);
            node.put("type", "Subscription");
            node.put("subscriber", subscription.id());
            node.put("topic", selector.text());
        } else {
            node.put("id", PREFIX + "/" + selector.type() + "/" + queryEscape(selector.text()) + "/" + subscriber);
            node.put("type", "Subscription");
            node.put("subscriber", subscription.id());
            node.put("match_type", selector.type());
            node.put("match", selector.text());
        }
        node.put("active", isActive);
        subscription.payload().ifPresent(payload -> node.set("payload", payload));
        return node;
    }

    /** The document at an API path: the collection, a filtered collection, or one subscription. */
    Document document(String path) throws BadRequest {
        String lastEventId = hub.settings.transport().lastEventId().orElse(MemoryTransport.EARLIEST);
        List<ObjectNode> matching = new ArrayList<>();
        for (Active entry : active.values()) {
            for (SubscribeRequest.SelectorText selector : entry.request().selectorTexts()) {
                ObjectNode document = describe(entry.subscription(), entry.request(), selector, true);
                String id = document.get("id").asText();
                if (path.equals(PREFIX) || id.equals(path) || id.startsWith(path + "/")) {
                    matching.add(document);
                }
            }
        }
        matching.sort(java.util.Comparator.comparing(node -> node.get("id").asText()));
        ObjectNode root;
        if (matching.size() == 1 && matching.get(0).get("id").asText().equals(path)) {
            root = matching.get(0);
        } else if (isSingleSubscriptionPath(path)) {
            throw new BadRequest(404, "no active subscription at " + path);
        } else {
            root = JSON.createObjectNode();
            root.put("id", path);
            root.put("type", "Subscriptions");
            ArrayNode list = root.putArray("subscriptions");
            matching.forEach(list::add);
        }
        ObjectNode withContext = JSON.createObjectNode().put("@context", CONTEXT);
        withContext.setAll(root);
        withContext.put("lastEventID", lastEventId);
        withContext.put("last_event_id", lastEventId);
        return new Document(withContext.toPrettyString().getBytes(StandardCharsets.UTF_8), lastEventId);
    }

    /** A path naming one subscription ends with a subscriber id, which the hub makes as {@code urn:uuid:...}. */
    private static boolean isSingleSubscriptionPath(String path) {
        return path.substring(path.lastIndexOf('/') + 1).startsWith("urn%3Auuid%3A");
    }

    /**
     * Escapes a topic or id as one path segment the way the reference hub does (Go's {@code QueryEscape}): only
     * ASCII letters, digits and {@code -_.~} stay, a space becomes {@code +}, every other UTF-8 byte {@code %XX}.
     */
    static String queryEscape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
