package dev.herald.hub.internal.mercure;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.herald.hub.MercureProtocol;
import dev.herald.hub.internal.topic.HubUrl;
import dev.herald.hub.internal.topic.SelectorCompiler;
import dev.herald.hub.internal.topic.Subscription.SelectorText;
import dev.herald.hub.internal.topic.TopicSelector;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fuzzes a subscription request's query, as {@code SubscribeEndpoint} reads it: any bytes, in either protocol
 * setting, are refused with 400 or make a subscription of 1 to the hub's maximum number of selectors, each one of
 * those sent (non-empty, within its length, free of control and format characters), of the dialect the setting
 * allows, whose selectors then answer for any topic without throwing; the {@code Last-Event-ID} header wins over the
 * query's cursor.
 */
class SubscribeRequestFuzzTest {

    private static final HubUrl HUB = HubUrl.of("https", "hub.example.com");
    private static final SelectorCompiler SELECTORS = new SelectorCompiler();

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"topic=", "&topic=", "&match=", "&match_exact=", "&match_urlpattern=", "&matchX=", "&lastEventID=",
        "&last_event_id=", "&Last-Event-ID=", "https://example.com/books/", "{id}", "{+path}", ":id", "*", "(.*)",
        "https\\://", "/.well-known/mercure", "%E2%80%8B", "%0A"})
    void anyQueryIsASubscriptionOrBadRequest(FuzzedDataProvider input) {
        MercureProtocol protocol = input.consumeBoolean() ? MercureProtocol.V1 : MercureProtocol.BOTH;
        int maxSelectors = input.consumeInt(1, 16);
        String header = input.consumeBoolean() ? input.consumeString(64) : null;
        String topic = input.consumeString(128);
        byte[] query = input.consumeRemainingAsBytes();
        Map<String, List<String>> fields;
        try {
            fields = UrlEncodedForm.parse(java.nio.ByteBuffer.wrap(query), 1024);
        } catch (UrlEncodedForm.Invalid e) {
            return;
        }
        SubscribeRequest request;
        try {
            request = SubscribeRequest.parse(header, fields, protocol, maxSelectors, SELECTORS, HUB);
        } catch (BadRequest e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n", "\r");
            return;
        }
        assertThat(request.selectors()).isNotEmpty().hasSizeLessThanOrEqualTo(maxSelectors)
                .hasSameSizeAs(request.selectorTexts());
        for (SelectorText text : request.selectorTexts()) {
            assertThat(text.text()).isNotEmpty().hasSizeLessThanOrEqualTo(SubscribeRequest.MAX_SELECTOR_LENGTH);
            assertThat(fields.getOrDefault(text.type().equals("urlpattern") ? "match_urlpattern"
                    : text.type().equals("topic") ? "topic" : "match", List.of())
                    .contains(text.text()) || fields.getOrDefault("match_exact", List.of()).contains(text.text()))
                    .as("selector %s was sent", text).isTrue();
            text.text().codePoints().forEach(c -> assertThat(c < 0x20 || c >= 0x7F && c <= 0x9F
                    || Character.getType(c) == Character.FORMAT).as("U+%04X in %s", c, text).isFalse());
        }
        assertThat(request.legacy()).isEqualTo(fields.containsKey("topic"));
        if (protocol == MercureProtocol.V1) {
            assertThat(request.legacy()).isFalse();
        }
        if (header != null) {
            assertThat(request.lastEventId()).isEqualTo(Optional.of(header));
        }
        for (TopicSelector selector : request.selectors()) {
            selector.matches(topic);
            for (SelectorText text : request.selectorTexts()) {
                selector.matches(text.text());
            }
        }
    }
}
