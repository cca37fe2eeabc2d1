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
    void urlsAreParsedBeforeTheyAreMatched() {
        // As the Mercure specification asks of topics: an internationalized host is its punycode form...
        UrlPattern bicycle = UrlPattern.compile("http://\ud83d\udeb2.com/");
        assertThat(bicycle.matches("http://\ud83d\udeb2.com/")).isTrue();
        assertThat(bicycle.matches("http://xn--h78h.com/")).isTrue();
        // ...and a special URL needs no slashes after its scheme.
        assertThat(UrlPattern.compile("https\\:foo\\:bar@example.com").matches("https:foo:bar@example.com")).isTrue();
        UrlPattern books = UrlPattern.compile("https://example.com/books/:id");
        assertThat(books.matches("HTTPS://Example.COM:443/shelf/../books/1")).isTrue();
        assertThat(books.matches("https://example.com/books/1 ")).isTrue();
        assertThat(books.matches("not a url")).isFalse();
        assertThat(books.matches("https://exa mple.com/books/1")).isFalse();
    }

    @Test
    void wildcardsAndNamedGroupsInTheHostnameMatchIpv6Literals() {
        assertThat(UrlPattern.compile("http://*/").matches("http://[::1]/")).isTrue();
        assertThat(UrlPattern.compile("http://[:address]/").matches("http://[::1]/")).isTrue();
        assertThat(UrlPattern.compile("http://[:address]/").matches("http://[0:0::1]:80/")).isTrue();
    }

    @Test
    void baseUrlsAreParsedAsTheStandardParsesThem() {
        assertThat(UrlPattern.compile("#foo", "https://example.com/?q=*&v=?&hmm={}&umm=()")
                .matches("https://example.com/?q=*&v=?&hmm={}&umm=()#foo")).isTrue();
        assertThat(UrlPattern.compile("x", "https://example.com/a|b c/").matches("https://example.com/a|b%20c/x"))
                .isTrue();
        assertThat(UrlPattern.compile("/x", "https://ex\u00e4mple.com/").matches("https://xn--exmple-cua.com/x"))
                .isTrue();
    }

    @Test
    void hostnameTextEndsAtASlash() {
        UrlPattern pattern = UrlPattern.compile("https://{sub.}?example{.com/}foo");
        assertThat(pattern.matches("https://example.com/foo")).isTrue();
        assertThat(pattern.matches("https://sub.example.com/anything")).isTrue();
        assertThat(pattern.matches("https://example.org/foo")).isFalse();
    }

    @Test
    void relativeUrlsResolveAgainstABase() {
        UrlPattern pattern = UrlPattern.compile("/books/:id", "https://example.com/.well-known/mercure");
        assertThat(pattern.matches("/books/1", "https://example.com/.well-known/mercure")).isTrue();
        assertThat(pattern.matches("../books/1", "https://example.com/a/b")).isTrue();
        assertThat(pattern.matches("/books/1", "https://other.example/")).isFalse();
        assertThat(pattern.matches("/books/1", "not a url")).isFalse();
    }

    @Test
    void nullsAreRefused() {
        UrlPattern pattern = UrlPattern.compile("https://example.com/*");
        assertThatThrownBy(() -> UrlPattern.compile(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> UrlPattern.compile("/*", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> pattern.matches(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> pattern.matches("/x", null)).isInstanceOf(NullPointerException.class);
    }
}
