package dev.herald.urlpattern.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * URI templates match topics as the Mercure reference hub matches them: the template itself, or the expression it
 * derives from the template. The matching cases are RFC 6570's own expansion examples, level by level.
 */
class UriTemplatePatternTest {

    private static boolean matches(String template, String topic) {
        return UriTemplatePattern.compile(template).matches(topic);
    }

    @Test
    void mercureReferenceExamples() {
        assertThat(matches("https://example.com/{foo}/bar", "https://example.com/foo/bar")).isTrue();
        assertThat(matches("https://example.com/{foo}/bar", "https://example.com/foo/bar/baz")).isFalse();
        assertThat(matches("https://example.com/{fistname}/{lastname}", "https://example.com/kevin/dunglas"))
                .isTrue();
        assertThat(matches("https://example.com/books/{id}", "https://example.com/books/1")).isTrue();
        assertThat(matches("https://example.com/books/{id}", "https://example.org/books/1")).isFalse();
        assertThat(matches("https://example.com/books/{id}.jsonld", "https://example.com/books/1.jsonld")).isTrue();
    }

    @Test
    void theTemplateItselfMatches() {
        assertThat(matches("https://example.com/{foo}/bar", "https://example.com/{foo}/bar")).isTrue();
        assertThat(matches("https://example.com/foo", "https://example.com/foo")).isTrue();
        assertThat(matches("https://example.com/foo", "https://example.com/foo/")).isFalse();
    }

    @Test
    void anExpressionMayExpandToNothingAsInTheReferenceHub() {
        assertThat(matches("https://example.com/books/{id}", "https://example.com/books/")).isTrue();
        assertThat(matches("https://example.com{/id}", "https://example.com")).isTrue();
    }

    @ParameterizedTest(name = "level 1: {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{var}|value",
        "{hello}|Hello%20World%21",
    })
    void level1(String template, String expansion) {
        assertThat(matches(template, expansion)).isTrue();
    }

    @ParameterizedTest(name = "level 2: {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{+var}|value",
        "{+hello}|Hello%20World!",
        "{+path}/here|/foo/bar/here",
        "here?ref={+path}|here?ref=/foo/bar",
        "X{#var}|X#value",
        "X{#hello}|X#Hello%20World!",
    })
    void level2(String template, String expansion) {
        assertThat(matches(template, expansion)).isTrue();
    }

    @ParameterizedTest(name = "level 3: {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "map?{x,y}|map?1024,768",
        "{x,hello,y}|1024,Hello%20World%21,768",
        "{+x,hello,y}|1024,Hello%20World!,768",
        "{+path,x}/here|/foo/bar,1024/here",
        "{#x,hello,y}|#1024,Hello%20World!,768",
        "{#path,x}/here|#/foo/bar,1024/here",
        "X{.var}|X.value",
        "X{.x,y}|X.1024.768",
        "{/var}|/value",
        "{/var,x}/here|/value/1024/here",
        "{;x,y}|;x=1024;y=768",
        "{;x,y,empty}|;x=1024;y=768;empty",
        "{?x,y}|?x=1024&y=768",
        "{?x,y,empty}|?x=1024&y=768&empty=",
        "?fixed=yes{&x}|?fixed=yes&x=1024",
        "{&x,y,empty}|&x=1024&y=768&empty=",
    })
    void level3(String template, String expansion) {
        assertThat(matches(template, expansion)).isTrue();
    }

    @ParameterizedTest(name = "level 4: {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{var:3}|val",
        "{list}|red,green,blue",
        "{list*}|red,green,blue",
        "{keys}|semi,%3B,dot,.,comma,%2C",
        "{keys*}|semi=%3B,dot=.,comma=%2C",
        "{+path:6}/here|/foo/b/here",
        "{+list*}|red,green,blue",
        "{+keys*}|semi=;,dot=.,comma=,",
        "{#keys*}|#semi=;,dot=.,comma=,",
        "X{.list*}|X.red.green.blue",
        "{/list*,path:4}|/red/green/blue/%2Ffoo",
        "{;list*}|;list=red;list=green;list=blue",
        "{;keys*}|;semi=%3B;dot=.;comma=%2C",
        "{?list*}|?list=red&list=green&list=blue",
        "{?keys*}|?semi=%3B&dot=.&comma=%2C",
        "{&keys*}|&semi=%3B&dot=.&comma=%2C",
    })
    void level4(String template, String expansion) {
        assertThat(matches(template, expansion)).isTrue();
    }

    @ParameterizedTest(name = "{0} does not match {1}")
    @CsvSource(delimiter = '|', value = {
        "{var}|a/b",
        "{var}|Hello World",
        "{var}|%zz",
        "{+var}|a b",
        "X{.var}|X/value",
        "{/var}|/a/b",
        "{/var,x}|/a/b/c",
        "{?x}|?x=1#frag",
        "{?x}|?x=1&y=2",
        "{x,y}|1,2/3",
        "https://example.com/{id}|https://example.com/a?b",
    })
    void nonMatching(String template, String topic) {
        assertThat(matches(template, topic)).isFalse();
    }

    @Test
    void unicodeLiteralsMatchThemselves() {
        assertThat(matches("https://example.com/caf\u00e9/{id}", "https://example.com/caf\u00e9/1")).isTrue();
        assertThat(matches("https://example.com/\uD83D\uDE00/{id}", "https://example.com/\uD83D\uDE00/1")).isTrue();
    }

    @Test
    void implementationLimits() {
        String variables = "{" + "v,".repeat(100) + "v}";
        assertThatThrownBy(() -> UriTemplatePattern.compile(variables)).hasMessageContaining("variables");
        assertThat(UriTemplatePattern.compile("{" + "v,".repeat(99) + "v}").matches("a,b")).isTrue();
        assertThatThrownBy(() -> UriTemplatePattern.compile("a".repeat(5000))).hasMessageContaining("longer");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{", "}", "{}", "{var", "a}b", "{=var}", "{,var}", "{!var}", "{@var}", "{|var}", "{var:0}", "{var:10000}",
        "{var:}", "{va r}", "{.}", "{a..b}", "{.a.}", "foo bar", "a%zz", "a\"b", "{var*:3}", "{a-b}", "{+}",
        "a<b>", "{var}{",
    })
    void invalidTemplatesAreRejected(String template) {
        assertThatThrownBy(() -> UriTemplatePattern.compile(template))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("URI template");
    }
}
