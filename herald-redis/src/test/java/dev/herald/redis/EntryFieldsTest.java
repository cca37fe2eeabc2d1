package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.hub.Update;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntryFieldsTest {

    @Test
    void aFullUpdateSurvivesTheRoundTrip() {
        Update update = Update.builder().id("custom-1").topic("https://example.com/books/1")
                .topic("https://example.com/books/{id}").data("line one\nline two, «unicode» ✓").type("sold")
                .retry(Duration.ofMillis(2500)).privateUpdate(true).build();
        assertThat(EntryFields.decode(asMap(EntryFields.encode(update)))).isEqualTo(update);
    }

    @Test
    void aPlainUpdateSurvivesTheRoundTripWithoutOptionalFields() {
        Update update = Update.builder().topic("a").build();
        List<String> fields = EntryFields.encode(update);
        assertThat(fields).doesNotContain(EntryFields.TYPE, EntryFields.RETRY);
        assertThat(EntryFields.decode(asMap(fields))).isEqualTo(update);
    }

    @Test
    void topicsAreOneJsonArray() {
        Map<String, String> fields = asMap(EntryFields.encode(Update.builder().topic("a\"b").topic("c").build()));
        assertThat(fields.get(EntryFields.TOPICS)).isEqualTo("[\"a\\\"b\",\"c\"]");
    }

    @Test
    void anEntryThatIsNoUpdateIsRejected() {
        assertThatThrownBy(() -> EntryFields.decode(Map.of("id", "x", "data", "d")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topics");
        assertThatThrownBy(() -> EntryFields.decode(Map.of("id", "x", "data", "d", "topics", "{}")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, String> asMap(List<String> fields) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i += 2) {
            map.put(fields.get(i), fields.get(i + 1));
        }
        return map;
    }
}
