package dev.herald.urlpattern.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Fuzzes the WHATWG URL parser: a URL, and after a newline a base URL to resolve it against. Parsing never throws,
 * and a parsed URL serializes to text that parses back to the same URL (so serializing is idempotent: what a URL
 * pattern matches is the same whether a topic was canonical already or not). {@code mvn verify} replays the corpus
 * in {@code UrlParserFuzzTestInputs}.
 */
class UrlParserFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void serializationReadsBackAsTheSameUrl(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        Optional<Url> url = newline < 0
                ? UrlParser.parse(text)
                : UrlParser.parse(text.substring(0, newline), UrlParser.parse(text.substring(newline + 1)));
        if (url.isEmpty()) {
            return;
        }
        String href = url.get().href();
        assertThat(UrlParser.parse(href)).as("%s serialized as %s", text, href).contains(url.get());
        assertThat(href).doesNotContain("\t", "\n", "\r");
        assertThat(href.strip()).isEqualTo(href);
    }
}
