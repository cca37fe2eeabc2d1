package dev.herald.urlpattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The public face of the URL Pattern engine: compile, match, and clear refusals. */
class UrlPatternTest {

    @Test
    void matchesWholeUrls() {
        UrlPattern pattern = UrlPattern.compile("https://example.com/books/:id");
        assertThat(pattern.matches("https://example.com/books/1")).isTrue();
        assertThat(pattern.matches("https://example.com/books/1/reviews")).isFalse();
        assertThat(pattern.matches("https://example.com/books/")).isFalse();
        assertThat(pattern.pattern()).isEqualTo("https://example.com/books/:id");
        assertThat(pattern).hasToString("https://example.com/books/:id");
    }

    @Test
    void relativePatternsNeedABaseUrl() {
        assertThatThrownBy(() -> UrlPattern.compile("/books/:id"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a base URL");
        UrlPattern pattern = UrlPattern.compile("/books/:id", "https://example.com/.well-known/mercure");
        assertThat(pattern.matches("https://example.com/books/1")).isTrue();
        assertThat(pattern.matches("https://other.example/books/1")).isFalse();
        assertThat(pattern.pattern()).isEqualTo("/books/:id");
    }

    @Test
    void invalidPatternsAndBaseUrlsAreRefusedWithAReason() {
        assertThatThrownBy(() -> UrlPattern.compile("https://example.com/:id(\\1)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backreference");
        assertThatThrownBy(() -> UrlPattern.compile("/books", "not a url"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base URL");
    }

    @Test
    void lengthLimitIsAsDocumented() {
        String prefix = "https://example.com/";
        assertThat(UrlPattern.compile(prefix + "a".repeat(4096 - prefix.length())).pattern()).hasSize(4096);
        assertThatThrownBy(() -> UrlPattern.compile(prefix + "a".repeat(4097 - prefix.length())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 4096");
    }

    @Test
    void nullsAreRefused() {
        UrlPattern pattern = UrlPattern.compile("https://example.com/*");
        assertThatThrownBy(() -> UrlPattern.compile(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> UrlPattern.compile("/*", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> pattern.matches(null)).isInstanceOf(NullPointerException.class);
    }
}
