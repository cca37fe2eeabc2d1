package dev.herald.hub.internal.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.herald.hub.Update;
import dev.herald.hub.internal.mercure.BadRequest;
import dev.herald.hub.internal.mercure.PublishRequest;
import dev.herald.hub.internal.mercure.UrlEncodedForm;
import dev.herald.hub.internal.topic.HubUrl;
import dev.herald.hub.internal.topic.ReservedNamespace;
import java.time.Duration;

/**
 * Fuzzes the form codec end to end: an update of fuzzed fields, written as the form a remote publisher posts and
 * read back as the hub reads a publish, is the same update, or is refused (400 or 413) for breaking a publication
 * rule; decode(encode(update)) never changes an update it accepts.
 */
class PublishFormFuzzTest {

    private static final HubUrl HUB = HubUrl.of("https", "hub.example.com");

    @FuzzTest(maxDuration = "60s")
    void updatesSurviveTheForm(FuzzedDataProvider input) {
        Update.Builder builder = Update.builder().id(input.consumeString(64)).data(input.consumeString(256))
                .privateUpdate(input.consumeBoolean());
        int topics = input.consumeInt(1, 4);
        for (int i = 0; i < topics; i++) {
            builder.topic(input.consumeString(64));
        }
        if (input.consumeBoolean()) {
            builder.type(input.consumeString(32));
        }
        if (input.consumeBoolean()) {
            builder.retry(Duration.ofMillis(input.consumeLong(0, Long.MAX_VALUE)));
        }
        Update update;
        try {
            update = builder.build();
        } catch (IllegalArgumentException e) {
            return; // an id or type the event codec refuses (a line break, NUL): no such update exists
        }
        Update read;
        try {
            read = PublishRequest.parse(UrlEncodedForm.parse(PublishForm.encode(update), PublishRequest.MAX_TOPICS + 16),
                    new ReservedNamespace(HUB, HUB.path()));
        } catch (BadRequest e) {
            assertThat(e.status()).isIn(400, 413);
            return;
        } catch (UrlEncodedForm.Invalid e) {
            throw new AssertionError("the form written for " + update + " is not a valid form: " + e.getMessage(), e);
        }
        assertThat(read).isEqualTo(update);
    }
}
