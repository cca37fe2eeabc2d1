package dev.herald.urlpattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The web-platform-tests URL Pattern data ({@code wpt/urlpatterntestdata.json}, with its licence beside it): every
 * case that a pattern string, an optional base URL and URL strings can express through {@link UrlPattern} must
 * agree with the standard. Such a case checks what the API shows: that the pattern is refused, or compiles, and
 * whether each input matches (not the groups a match captures, which the API does not return). Every other case is
 * skipped, with the reason the API cannot express it.
 */
class WebPlatformTestsTest {

    /** The figures this data gives today; a change means the data or the classification changed. */
    private static final int CASES = 353;
    private static final int EXPRESSIBLE = 56;

    private static final List<JsonNode> DATA = load();

    private static List<JsonNode> load() {
        try (InputStream in = WebPlatformTestsTest.class.getResourceAsStream("wpt/urlpatterntestdata.json")) {
            List<JsonNode> cases = new ArrayList<>();
            new ObjectMapper().readTree(in).forEach(cases::add);
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> cases() {
        return IntStream.range(0, DATA.size()).mapToObj(i -> Arguments.of(i, DATA.get(i).get("pattern").toString()));
    }

    @ParameterizedTest(name = "case {0}: {1}")
    @MethodSource("cases")
    void agreesWithTheStandard(int index, String pattern) {
        JsonNode testCase = DATA.get(index);
        Optional<String> unexpressible = unexpressible(testCase);
        Assumptions.assumeTrue(unexpressible.isEmpty(), () -> "not expressible: " + unexpressible.orElseThrow());
        check(testCase);
    }

    @Test
    void figures() {
        Map<String, Integer> skipped = new TreeMap<>();
        int expressible = 0;
        int passing = 0;
        for (JsonNode testCase : DATA) {
            Optional<String> unexpressible = unexpressible(testCase);
            if (unexpressible.isPresent()) {
                skipped.merge(unexpressible.get(), 1, Integer::sum);
                continue;
            }
            expressible++;
            try {
                check(testCase);
                passing++;
            } catch (AssertionError | RuntimeException e) {
                // Counted; the parameterized test reports the case itself.
            }
        }
        System.out.printf("web-platform-tests URL Pattern: %d cases, %d expressible, %d pass%n",
                DATA.size(), expressible, passing);
        skipped.forEach((reason, count) -> System.out.printf("  skipped %3d: %s%n", count, reason));
        assertThat(DATA).hasSize(CASES);
        assertThat(expressible).isEqualTo(EXPRESSIBLE);
        assertThat(passing).isEqualTo(expressible);
    }

    /** Why the API cannot express {@code testCase}, or empty when it can. */
    private static Optional<String> unexpressible(JsonNode testCase) {
        JsonNode pattern = testCase.get("pattern");
        if (pattern.isEmpty()) {
            return Optional.of("a pattern built with no argument (the API always takes a pattern string)");
        }
        for (JsonNode argument : pattern) {
            if (argument.isObject() && argument.has("ignoreCase")) {
                return Optional.of("the ignoreCase option (Mercure forbids it; the API has none)");
            }
        }
        if (!pattern.get(0).isTextual()) {
            return Optional.of("a pattern given as a dictionary of components (the API takes a pattern string)");
        }
        JsonNode inputs = testCase.path("inputs");
        for (JsonNode input : inputs) {
            if (!input.isTextual()) {
                return Optional.of("an input given as a dictionary of components (the API takes a URL string)");
            }
        }
        return Optional.empty();
    }

    private static void check(JsonNode testCase) {
        JsonNode pattern = testCase.get("pattern");
        String text = pattern.get(0).asText();
        Optional<String> base = pattern.size() > 1 ? Optional.of(pattern.get(1).asText()) : Optional.empty();
        if (testCase.path("expected_obj").asText().equals("error")) {
            assertThatThrownBy(() -> compile(text, base)).as("compiling %s", pattern)
                    .isInstanceOf(IllegalArgumentException.class);
            return;
        }
        UrlPattern compiled = compile(text, base);
        JsonNode inputs = testCase.path("inputs");
        if (inputs.isEmpty()) {
            return;
        }
        boolean expected = !testCase.get("expected_match").isNull();
        boolean actual = inputs.size() > 1
                ? compiled.matches(inputs.get(0).asText(), inputs.get(1).asText())
                : compiled.matches(inputs.get(0).asText());
        assertThat(actual).as("%s matching %s", pattern, inputs).isEqualTo(expected);
    }

    private static UrlPattern compile(String pattern, Optional<String> base) {
        return base.isPresent() ? UrlPattern.compile(pattern, base.get()) : UrlPattern.compile(pattern);
    }
}
