package dev.herald.urlpattern;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes URI templates: a template and a URI, one a line (a third line, repeated, lengthens the URI). Compiling may
 * only throw what {@link UriTemplate#compile(String)} documents, {@link IllegalArgumentException}; matching never
 * throws, takes time linear in the URI, and the template's own text always matches. {@code mvn verify} replays the
 * corpus in {@code UriTemplateFuzzTestInputs}.
 */
class UriTemplateFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void compilesAndMatchesAnyStrings(byte[] input) {
        String[] lines = FuzzInput.lines(input, 3);
        String uri = FuzzInput.repeated(lines[1], lines[2]);
        UriTemplate template;
        try {
            template = UriTemplate.compile(lines[0]);
        } catch (IllegalArgumentException refused) {
            return;
        }
        FuzzInput.timedMatch(uri, () -> template.matches(uri));
        if (!FuzzInput.timedMatch(lines[0], () -> template.matches(lines[0]))) {
            throw new AssertionError("a template must match its own text: " + lines[0]);
        }
    }
}
