package dev.herald.hub.internal.mercure;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.herald.core.EventEncoder;
import dev.herald.core.EventStreamParser;
import dev.herald.core.MessageEvent;
import dev.herald.hub.Update;
import dev.herald.hub.internal.topic.HubUrl;
import dev.herald.hub.internal.topic.ReservedNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes a publish request's body, as {@code PublishEndpoint} reads it: any bytes are refused with 400 or 413, or
 * make an update that keeps every rule of a publication (topics, id and type free of control and invisible format
 * characters and within their lengths, no {@code *}, nothing in the hub's own namespace, no reserved type), and that
 * subscribers receive as exactly one event carrying the update's id, type and data.
 */
class PublishRequestFuzzTest {

    private static final HubUrl HUB = HubUrl.of("https", "hub.example.com");

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"topic=", "&topic=", "&id=", "&type=", "&data=", "&retry=", "&private=on", "https://hub.example.com",
        "/.well-known/mercure", "/subscriptions/", "%2E%2E/", "%2e", "./", "../", "%E2%80%8B", "%C2%85", "%0A", "*",
        "mercure", "earliest", "#"})
    void anyFormIsAnUpdateOrBadRequest(FuzzedDataProvider input) {
        byte[] body = input.consumeRemainingAsBytes();
        Update update;
        try {
            Map<String, List<String>> form =
                    UrlEncodedForm.parse(java.nio.ByteBuffer.wrap(body), PublishRequest.MAX_TOPICS + 16);
            update = PublishRequest.parse(form, new ReservedNamespace(HUB, HUB.path()));
        } catch (UrlEncodedForm.Invalid e) {
            return;
        } catch (BadRequest e) {
            assertThat(e.status()).isIn(400, 413);
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n", "\r");
            return;
        }
        assertThat(update.topics()).isNotEmpty().hasSizeLessThanOrEqualTo(PublishRequest.MAX_TOPICS);
        for (String topic : update.topics()) {
            assertThat(topic).isNotEmpty().isNotEqualTo("*");
            assertAllowed(topic);
            assertThat(HUB.reserves(topic)).as("a topic in the hub's own namespace: %s", topic).isFalse();
        }
        assertAllowed(update.id());
        assertThat(update.id()).doesNotStartWith("#").isNotEqualTo("earliest");
        update.type().ifPresent(type -> {
            assertAllowed(type);
            assertThat(type).isNotEqualTo(PublishRequest.RESERVED_TYPE);
        });
        assertThat(received(update)).containsExactly(new MessageEvent(update.type().filter(type -> !type.isEmpty()).orElse(MessageEvent.DEFAULT_TYPE),
                update.data().replace("\r\n", "\n").replace('\r', '\n'), update.id()));
    }

    /** At most {@link PublishRequest#MAX_FIELD_LENGTH} characters, none of them a control or a format character. */
    private static void assertAllowed(String text) {
        assertThat(text.length()).isLessThanOrEqualTo(PublishRequest.MAX_FIELD_LENGTH);
        text.codePoints().forEach(c -> assertThat(c < 0x20 || c >= 0x7F && c <= 0x9F
                || Character.getType(c) == Character.FORMAT).as("U+%04X in %s", c, text).isFalse());
    }

    /** What a subscriber's parser reports for the update's event. */
    private static List<MessageEvent> received(Update update) {
        List<MessageEvent> events = new ArrayList<>();
        EventStreamParser parser = EventStreamParser.create(events::add);
        parser.feed(EventEncoder.encode(update.event()));
        return events;
    }
}
