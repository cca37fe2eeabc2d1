package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.hub.Update;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes what a replay or the tail reads back from the Redis stream: an entry whose fields are each absent, the
 * value Herald wrote, or anything else (damage, another writer). It decodes to the update that re-encodes to exactly
 * those fields (the topics as the same JSON), or is refused with an {@link IllegalArgumentException} that says what
 * is wrong; never another exception, and never an update that dropped or guessed part of what was stored (such as a
 * damaged private flag read as public).
 */
class EntryFieldsFuzzTest {

    private static final ObjectMapper STRICT_JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final List<String> NAMES = List.of(EntryFields.ID, EntryFields.TOPICS, EntryFields.PRIVATE,
            EntryFields.TYPE, EntryFields.RETRY, EntryFields.DATA);
    private static final Map<String, String> WRITTEN = asMap(EntryFields.encode(Update.builder().id("id-1")
            .topic("https://example.com/a").topic("b").type("t").retry(java.time.Duration.ofMillis(1500))
            .data("x\ny").privateUpdate(true).build()));

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"[\"", "\"]", "\",\"", "null", "1", "0", "-1", "[]", "\\u0000", "\\n"})
    void storedEntriesDecodeWholeOrFail(FuzzedDataProvider input) {
        Map<String, String> stored = new LinkedHashMap<>();
        for (String name : NAMES) {
            switch (input.consumeInt(0, 3)) {
                case 0 -> { }
                case 1 -> stored.put(name, input.consumeString(64));
                default -> stored.put(name, WRITTEN.get(name));
            }
        }
        if (input.consumeBoolean()) {
            stored.put(input.consumeString(8), input.consumeString(8)); // a field of another writer
        }
        Update update;
        try {
            update = EntryFields.decode(stored);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        Map<String, String> rewritten = asMap(EntryFields.encode(update));
        for (String name : NAMES) {
            if (name.equals(EntryFields.TOPICS)) {
                assertThat(json(stored.get(name))).as("topics").isEqualTo(json(rewritten.get(name)));
            } else {
                assertThat(stored.get(name)).as("the %s field", name).isEqualTo(rewritten.get(name));
            }
        }
    }

    private static Object json(String text) {
        try {
            return STRICT_JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return "not JSON: " + text;
        }
    }

    private static Map<String, String> asMap(List<String> fields) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i += 2) {
            map.put(fields.get(i), fields.get(i + 1));
        }
        return map;
    }
}
