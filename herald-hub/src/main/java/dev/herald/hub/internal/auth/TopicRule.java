package dev.herald.hub.internal.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * One topic matcher granted by a token, with how to read it.
 *
 * @param kind how {@code match} selects topics
 * @param match the matcher text as the token carries it
 * @param payload the payload of the authorization detail the matcher comes from (Mercure 1.0 subscribe details);
 *     always empty for 0.x tokens, whose payload is {@link Grant#payload()}
 */
public record TopicRule(Kind kind, String match, Optional<JsonNode> payload) {

    /** How a rule's {@code match} selects topics. */
    public enum Kind {
        /** Every topic: the reserved {@code *}, whatever the matcher type. */
        ANY,
        /** The topic equal to {@code match}, byte for byte. */
        EXACT,
        /**
         * A Mercure 0.x selector: the topic equal to {@code match}, or any topic matching it as an RFC 6570
         * template ({@code dev.herald.urlpattern.UriTemplate} decides both). Used only for selectors
         * containing '{' that parse as templates; other 0.x selectors are {@link #EXACT}.
         */
        URI_TEMPLATE,
        /** Any topic matching {@code match} as a URL pattern ({@code dev.herald.urlpattern.UrlPattern}). */
        URL_PATTERN
    }

    /** Checks for nulls. */
    public TopicRule {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(payload, "payload");
    }
}
