package dev.herald.hub.internal.mercure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.hub.MemoryTransport;
import dev.herald.hub.Presence;
import dev.herald.hub.Transport;
import dev.herald.hub.Update;
import dev.herald.hub.internal.HubMount;
import dev.herald.hub.internal.dispatch.Stream;
import dev.herald.hub.internal.dispatch.StreamRegistry;
import dev.herald.hub.internal.topic.Subscription.SelectorText;
import dev.herald.hub.internal.topic.Subscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mercure's active subscriptions: a private update when a subscription starts and when it ends, on a topic under
 * the hub's {@code /subscriptions} path (under the path the hub is served at, {@link HubMount}), and the documents
 * the subscriptions API serves.
 *
 * <p>A Mercure 1.0 subscription ({@code match}, {@code match_urlpattern}) is described as 1.0 says: topic
 * {@code /subscriptions/{match_type}/{match}/{subscriber}}, JSON {@code "type": "subscription"}, sent with the SSE
 * event type {@code mercure}. A 0.x subscription ({@code topic}) keeps its 0.x JSON-LD document
 * ({@code "type": "Subscription"}, {@code topic}) and the default event type, as 0.x clients expect.
 *
 * <p>The active subscriptions are the hub's open streams ({@link StreamRegistry}), which tells these events of each
 * stream's start and end.
 */
public final class SubscriptionEvents implements StreamRegistry.Listener {

    /** A document of the subscriptions API, and the id of the last update at the time it was made (its cursor). */
    public record Document(byte[] json, String lastEventId) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionEvents.class);
    private static final String LEGACY_CONTEXT = "https://mercure.rocks/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean enabled;
    private final Publisher publisher;
    private final Transport transport;
    private final HubMount mount;
    private final Optional<Presence> presence;

    /**
     * @param enabled whether subscription events are published (the subscriptions API is served either way)
     * @param publisher where the events go
     * @param transport the log, whose newest id is the documents' cursor
     * @param mount where the hub is served: subscriptions are named under it
     */
    public SubscriptionEvents(boolean enabled, Publisher publisher, Transport transport, HubMount mount) {
        this.enabled = enabled;
        this.publisher = publisher;
        this.transport = transport;
        this.mount = mount;
        this.presence = enabled ? transport.presence() : Optional.empty();
    }

    /** Starts sharing this node's subscriptions with the other nodes of the log, when the transport has them. */
    public void start() {
        presence.ifPresent(shared -> shared.start(this::lost));
    }

    /** Whether other nodes' subscriptions are to be read for the subscriptions API. */
    public boolean clusterWide() {
        return presence.isPresent();
    }

    /** The documents of the other nodes' active subscriptions; none without a shared transport. */
    public CompletableFuture<List<String>> others() {
        return presence.map(Presence::others).orElseGet(() -> CompletableFuture.completedFuture(List.of()));
    }

    /** Where subscriptions are named: {@code /subscriptions} under the hub's path. */
    private String prefix() {
        return mount.path() + "/subscriptions";
    }

    @Override
    public void opened(Stream stream) {
        if (enabled) {
            announce(stream.subscription(), true);
        }
    }

    @Override
    public void ended(Stream stream) {
        if (enabled) {
            announce(stream.subscription(), false);
        }
    }

    private void announce(Subscription subscription, boolean isActive) {
        String subscriber = subscription.id();
        for (SelectorText selector : subscription.texts()) {
            ObjectNode document = describe(prefix(), subscriber, selector, isActive);
            String id = document.get("id").asText();
            presence.ifPresent(shared -> {
                if (isActive) {
                    shared.added(id, document.toString());
                } else {
                    shared.removed(id);
                }
            });
            publishEvent(document);
        }
    }

    /** A subscription of a node that died: its end is announced here, as that node cannot. */
    private void lost(String json) {
        ObjectNode document;
        try {
            document = (ObjectNode) JSON.readTree(json);
        } catch (IOException | ClassCastException e) {
            LOG.warn("skipping a lost subscription that is not a document: {}", e.toString());
            return;
        }
        document.put("active", false);
        publishEvent(document);
    }

    /** Publishes a subscription's document as its event: 1.0's event type, or 0.x's context. */
    private void publishEvent(ObjectNode document) {
        Update.Builder update = Update.builder().topic(document.get("id").asText()).privateUpdate(true);
        if (document.path("type").asText().equals("Subscription")) {
            document.put("@context", LEGACY_CONTEXT);
        } else {
            update.type(PublishRequest.RESERVED_TYPE);
        }
        publisher.publish(update.data(document.toString()).build()).exceptionally(failure -> {
            LOG.warn("could not publish the subscription event of {}: {}", document.path("subscriber").asText(),
                    failure.toString());
            return null;
        });
    }

    private static boolean isLegacy(SelectorText selector) {
        return selector.type().equals("topic");
    }

    /** One selector's subscription, of the subscriber whose id is {@code subscriber} (made once per subscriber). */
    private static ObjectNode describe(String prefix, String subscriber, SelectorText selector, boolean isActive) {
        ObjectNode node = JSON.createObjectNode();
        if (isLegacy(selector)) {
            node.put("id", prefix + "/" + legacyEscape(selector.text()) + "/" + legacyEscape(subscriber));
            node.put("type", "Subscription");
            node.put("topic", selector.text());
            node.put("subscriber", subscriber);
        } else {
            node.put("id", prefix + "/" + selector.type() + "/" + escape(selector.text()) + "/"
                    + escape(subscriber));
            node.put("type", "subscription");
            node.put("match_type", selector.type());
            node.put("match", selector.text());
            node.put("subscriber", subscriber);
        }
        node.put("active", isActive);
        selector.payload().ifPresent(payload -> node.set("payload", payload));
        return node;
    }

    /**
     * The document at an API path: the collection, a collection for one matcher, or one subscription.
     *
     * @param active the open streams, whose subscriptions are the active ones
     * @param legacy whether to answer in the 0.x form (JSON-LD with {@code @context} and {@code lastEventID}); the
     *     1.0 form carries its cursor in the {@code Link} header instead
     * @throws BadRequest 404 when the path names one subscription that is not active
     */
    public Document document(Collection<Stream> active, String path, boolean legacy) throws BadRequest {
        return document(active, List.of(), path, legacy);
    }

    /**
     * The same, with the documents of other nodes' active subscriptions ({@link #others()}) listed beside this
     * node's.
     */
    public Document document(Collection<Stream> active, List<String> others, String path, boolean legacy)
            throws BadRequest {
        String lastEventId = transport.lastEventId().orElse(MemoryTransport.EARLIEST);
        String prefix = prefix();
        List<ObjectNode> matching = new ArrayList<>();
        for (Stream stream : active) {
            String subscriber = stream.subscription().id();
            for (SelectorText selector : stream.subscription().texts()) {
                ObjectNode document = describe(prefix, subscriber, selector, true);
                String id = document.get("id").asText();
                if (path.equals(prefix) || id.equals(path) || id.startsWith(path + "/")) {
                    matching.add(document);
                }
            }
        }
        for (String other : others) {
            try {
                if (JSON.readTree(other) instanceof ObjectNode document) {
                    String id = document.path("id").asText();
                    if (path.equals(prefix) || id.equals(path) || id.startsWith(path + "/")) {
                        matching.add(document);
                    }
                }
            } catch (IOException e) {
                LOG.warn("skipping another node's subscription that is not a document: {}", e.toString());
            }
        }
        matching.sort(Comparator.comparing(node -> node.get("id").asText()));
        ObjectNode root;
        if (matching.size() == 1 && matching.get(0).get("id").asText().equals(path)) {
            root = matching.get(0);
        } else if (isSingleSubscriptionPath(path)) {
            throw new BadRequest(404, "no active subscription at " + path);
        } else {
            root = JSON.createObjectNode();
            root.put("id", path);
            root.put("type", legacy ? "Subscriptions" : "subscriptions");
            ArrayNode list = root.putArray("subscriptions");
            matching.forEach(list::add);
        }
        if (legacy) {
            ObjectNode withContext = JSON.createObjectNode().put("@context", LEGACY_CONTEXT);
            withContext.setAll(root);
            withContext.put("lastEventID", lastEventId);
            root = withContext;
        }
        return new Document(root.toString().getBytes(StandardCharsets.UTF_8), lastEventId);
    }

    /**
     * The API path of the subscriptions of one selector, and of one subscriber when given: what the query form of the
     * API ({@code ?match=...&subscriber=...}) names without encoded slashes.
     *
     * @param type {@code exact} or {@code urlpattern} (Mercure 1.0), or {@code topic} (0.x)
     */
    public String pathOf(String type, String selector, Optional<String> subscriber) {
        boolean legacy = type.equals("topic");
        String path = prefix() + "/" + (legacy ? legacyEscape(selector) : type + "/" + escape(selector));
        return subscriber.map(id -> path + "/" + (legacy ? legacyEscape(id) : escape(id))).orElse(path);
    }

    /** A path naming one subscription ends with a subscriber id, which the hub makes as {@code urn:uuid:...}. */
    private static boolean isSingleSubscriptionPath(String path) {
        return path.substring(path.lastIndexOf('/') + 1).startsWith("urn%3Auuid%3A");
    }

    /**
     * Expands a value as RFC 6570's simple {@code {var}} does, as Mercure 1.0 asks: every UTF-8 byte outside the
     * unreserved set (ASCII letters, digits, {@code -._~}) becomes {@code %XX}, a {@code %} included, once.
     */
    static String escape(String text) {
        return percentEncode(text, false);
    }

    /**
     * Escapes a 0.x topic or id the way the 0.x reference hub does (Go's {@code QueryEscape}): as {@link #escape},
     * but a space becomes {@code +}. Kept for 0.x clients, which look their subscriptions up by these ids.
     */
    static String legacyEscape(String text) {
        return percentEncode(text, true);
    }

    private static String percentEncode(String text, boolean spaceAsPlus) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else if (c == ' ' && spaceAsPlus) {
                out.append('+');
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
