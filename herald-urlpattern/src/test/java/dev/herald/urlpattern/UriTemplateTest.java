package dev.herald.urlpattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The public face of the URI template engine: compile, match, and clear refusals. */
class UriTemplateTest {

    @Test
    void matchesExpansionsAndItsOwnText() {
        UriTemplate template = UriTemplate.compile("https://example.com/books/{id}");
        assertThat(template.matches("https://example.com/books/1")).isTrue();
        assertThat(template.matches("https://example.com/books/{id}")).isTrue();
        assertThat(template.matches("https://example.com/books/1/reviews")).isFalse();
        assertThat(template.template()).isEqualTo("https://example.com/books/{id}");
        assertThat(template).hasToString("https://example.com/books/{id}");
    }

    @Test
    void invalidTemplatesAreRefusedWithAReason() {
        assertThatThrownBy(() -> UriTemplate.compile("https://example.com/{id"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unclosed expression");
    }

    @Test
    void limitsAreAsDocumented() {
        assertThat(UriTemplate.compile("a".repeat(4096)).template()).hasSize(4096);
        assertThatThrownBy(() -> UriTemplate.compile("a".repeat(4097)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 4096");
        assertThat(UriTemplate.compile("{" + "v,".repeat(99) + "v}").matches("a,b")).isTrue();
        assertThatThrownBy(() -> UriTemplate.compile("{" + "v,".repeat(100) + "v}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 100 variables");
    }

    @Test
    void nullsAreRefused() {
        UriTemplate template = UriTemplate.compile("{id}");
        assertThatThrownBy(() -> UriTemplate.compile(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> template.matches(null)).isInstanceOf(NullPointerException.class);
    }
}
