package dev.herald.hub.internal.mercure;

import dev.herald.hub.MercureProtocol;
import dev.herald.hub.internal.auth.Grant;
import dev.herald.hub.internal.topic.HubUrl;
import dev.herald.hub.internal.topic.SelectorCompiler;
import dev.herald.hub.internal.topic.Subscription.SelectorText;
import dev.herald.hub.internal.topic.Subscription;
import dev.herald.hub.internal.topic.TopicSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A subscription request's selectors and cursor, read from either dialect: Mercure 0.x ({@code topic},
 * {@code lastEventID}) or 1.0 ({@code match}, {@code match_exact}, {@code match_urlpattern},
 * {@code last_event_id}).
 *
 * @param selectors what to subscribe to
 * @param selectorTexts each selector as sent, with its matcher type, for subscription events
 * @param lastEventId the cursor, when the request carried one (the header wins over the query)
 * @param legacy whether the request used the 0.x dialect
 */
public record SubscribeRequest(List<TopicSelector> selectors, List<SelectorText> selectorTexts,
        Optional<String> lastEventId, boolean legacy) {

    /** The longest selector accepted; longer ones are refused with 400, as Mercure asks of matcher limits. */
    static final int MAX_SELECTOR_LENGTH = 4096;

    /**
     * The subscription this request makes for a subscriber with {@code grant} (empty: anonymous): its selectors, each
     * described with the payload the token attaches to it, and the private topics the token grants.
     */
    public Subscription subscription(UUID id, Optional<Grant> grant) {
        List<SelectorText> described = selectorTexts.stream().map(text -> new SelectorText(text.type(), text.text(),
                grant.flatMap(g -> g.payloadFor(text.text())))).toList();
        return new Subscription(id, selectors, described,
                grant.map(Grant::subscribeSelectors).orElse(List.of()));
    }

    /**
     * Reads the selectors and cursor of a subscription request.
     *
     * @param lastEventIdHeader the request's {@code Last-Event-ID} header, or null
     * @param hubUrl the hub's URL as this request reached it, which relative URL patterns resolve against
     * @throws BadRequest 400 for a missing, malformed or forbidden selector, an unknown {@code match*} parameter or
     *     too many selectors
     */
    public static SubscribeRequest parse(String lastEventIdHeader, Map<String, List<String>> query,
            MercureProtocol protocol, int maxSelectors, SelectorCompiler compiler, HubUrl hubUrl) throws BadRequest {
        List<TopicSelector> selectors = new ArrayList<>();
        List<SelectorText> texts = new ArrayList<>();
        boolean legacy = false;
        // Sorted, so that selectors (and errors) come out in the same order whatever the query's order.
        for (Map.Entry<String, List<String>> parameter : new TreeMap<>(query).entrySet()) {
            String name = parameter.getKey();
            switch (name) {
                case "topic" -> {
                    if (protocol == MercureProtocol.V1) {
                        throw new BadRequest("the \"topic\" parameter is Mercure 0.x; this hub speaks 1.0: use \"match\"");
                    }
                    legacy = true;
                    for (String value : parameter.getValue()) {
                        requireValidSelector(value, selectors.size(), maxSelectors);
                        selectors.add(compiler.legacy(value));
                        texts.add(new SelectorText("topic", value));
                    }
                }
                case "match", "match_exact" -> {
                    for (String value : parameter.getValue()) {
                        requireValidSelector(value, selectors.size(), maxSelectors);
                        selectors.add(compiler.exact(value));
                        texts.add(new SelectorText("exact", value));
                    }
                }
                case "match_urlpattern" -> {
                    for (String value : parameter.getValue()) {
                        requireValidSelector(value, selectors.size(), maxSelectors);
                        try {
                            selectors.add(compiler.urlPattern(value, hubUrl));
                        } catch (IllegalArgumentException e) {
                            // The compiler's message is not echoed: it would describe the hub's internals.
                            throw new BadRequest("invalid match_urlpattern value");
                        }
                        texts.add(new SelectorText("urlpattern", value));
                    }
                }
                default -> {
                    if (name.length() >= 5 && name.substring(0, 5).toLowerCase(Locale.ROOT).equals("match")) {
                        throw new BadRequest("unsupported matcher parameter " + BadRequest.quoted(name)
                                + ": use match, match_exact or match_urlpattern");
                    }
                }
            }
        }
        if (selectors.isEmpty()) {
            throw new BadRequest(protocol == MercureProtocol.V1 ? "missing \"match\" parameter"
                    : "missing \"topic\" (or \"match\") parameter");
        }
        return new SubscribeRequest(selectors, texts, lastEventId(lastEventIdHeader, query), legacy);
    }

    private static Optional<String> lastEventId(String header, Map<String, List<String>> query) {
        if (header != null) {
            return Optional.of(header);
        }
        for (String name : List.of("last_event_id", "lastEventID", "Last-Event-ID")) {
            List<String> values = query.get(name);
            if (values != null && !values.isEmpty()) {
                return Optional.of(values.get(0));
            }
        }
        return Optional.empty();
    }

    /** Checks one more selector, before it is compiled: a request over the limit costs no compilation. */
    private static void requireValidSelector(String value, int selectorsSoFar, int maxSelectors) throws BadRequest {
        if (selectorsSoFar >= maxSelectors) {
            throw new BadRequest("too many topic selectors: at most " + maxSelectors + " per subscription");
        }
        if (value.isEmpty()) {
            throw new BadRequest("an empty topic selector selects nothing");
        }
        if (value.length() > MAX_SELECTOR_LENGTH) {
            throw new BadRequest("a topic selector is limited to " + MAX_SELECTOR_LENGTH + " characters");
        }
        if (ForbiddenCharacters.in(value)) {
            throw new BadRequest("a topic selector must not contain control or invisible format characters");
        }
    }
}
