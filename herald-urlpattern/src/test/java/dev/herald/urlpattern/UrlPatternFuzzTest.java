package dev.herald.urlpattern;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes URL patterns: a pattern, an optional base URL and a URL, one a line (a fourth line, repeated, lengthens the
 * URL). Compiling may only throw what {@link UrlPattern#compile(String)} documents, {@link IllegalArgumentException};
 * matching never throws, whatever the URL, and takes time linear in it. {@code mvn verify} replays the corpus in
 * {@code UrlPatternFuzzTestInputs}.
 */
class UrlPatternFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void compilesAndMatchesAnyStrings(byte[] input) {
        String[] lines = FuzzInput.lines(input, 4);
        String base = lines[1];
        String url = FuzzInput.repeated(lines[2], lines[3]);
        UrlPattern pattern;
        try {
            pattern = base.isEmpty() ? UrlPattern.compile(lines[0]) : UrlPattern.compile(lines[0], base);
        } catch (IllegalArgumentException refused) {
            return;
        }
        FuzzInput.timedMatch(url, () -> pattern.matches(url));
        if (!base.isEmpty()) {
            FuzzInput.timedMatch(url, () -> pattern.matches(url, base));
        }
    }
}
