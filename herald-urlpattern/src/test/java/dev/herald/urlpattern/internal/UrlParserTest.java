package dev.herald.urlpattern.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The WHATWG URL parser, rule by rule of the URL Standard; every result also reads back as itself. */
class UrlParserTest {

    static Stream<Arguments> absoluteUrls() {
        return Stream.of(
                // Scheme and host are lowercased, the default port dropped, an empty path becomes "/".
                Arguments.of("HTTP://EXAMPLE.COM:80", "http://example.com/"),
                Arguments.of("https://example.com:443/", "https://example.com/"),
                Arguments.of("http://example.com:0080/", "http://example.com/"),
                Arguments.of("http://example.com:8080", "http://example.com:8080/"),
                Arguments.of("http://example.com:/", "http://example.com/"),
                // Tabs and newlines anywhere, and controls or spaces at either end, are removed.
                Arguments.of("  ht\ttp://exa\nmple.com/a\r  ", "http://example.com/a"),
                // Special URLs: backslashes are slashes, the slashes after the scheme may be missing or many.
                Arguments.of("http:\\\\example.com\\a\\b", "http://example.com/a/b"),
                Arguments.of("http:example.com/x", "http://example.com/x"),
                Arguments.of("http:////example.com/x", "http://example.com/x"),
                // Dot segments, also percent-encoded, never above the root.
                Arguments.of("http://h/a/./b/../c", "http://h/a/c"),
                Arguments.of("http://h/a/%2e%2E/b/.", "http://h/b/"),
                Arguments.of("http://h/../../x", "http://h/x"),
                // Userinfo: split at the first colon, earlier at signs encoded.
                Arguments.of("http://user:pa:ss@host/", "http://user:pa%3Ass@host/"),
                Arguments.of("http://a@b@c/", "http://a%40b@c/"),
                Arguments.of("http://:@host/", "http://host/"),
                // Each component's percent-encode set.
                Arguments.of("http://h/a b\"<>`{}?c d\"'<>`#e f\"<>`", "http://h/a%20b%22%3C%3E%60%7B%7D?c%20d%22%27%3C%3E`#e%20f%22%3C%3E%60"),
                Arguments.of("foo://h/p?'", "foo://h/p?'"),
                Arguments.of("http://h/caf\u00e9", "http://h/caf%C3%A9"),
                Arguments.of("http://h/\ud800x", "http://h/%EF%BF%BDx"),
                Arguments.of("http://h/%zz%41", "http://h/%zz%41"),
                // IPv4 in every notation, IPv6 compressed.
                Arguments.of("http://0x7f.1/", "http://127.0.0.1/"),
                Arguments.of("http://2130706433/", "http://127.0.0.1/"),
                Arguments.of("http://0177.0.0.1./", "http://127.0.0.1/"),
                Arguments.of("http://[0:0:0:0:0:0:0:1]/", "http://[::1]/"),
                Arguments.of("http://[1:0:0:2:0:0:0:3]:81/", "http://[1:0:0:2::3]:81/"),
                Arguments.of("http://[::FFFF:192.168.0.1]/", "http://[::ffff:c0a8:1]/"),
                Arguments.of("http://[1::]/", "http://[1::]/"),
                // Domains: percent-decoded, converted to ASCII.
                Arguments.of("http://ex\u00e4mple.com/", "http://xn--exmple-cua.com/"),
                Arguments.of("http://\ud83d\udeb2.com/", "http://xn--h78h.com/"),
                Arguments.of("http://%41.com/", "http://a.com/"),
                Arguments.of("http://a..b/", "http://a..b/"),
                // Non-special URLs: opaque host (case kept, non-ASCII encoded), opaque or hierarchical paths.
                Arguments.of("foo://HOST/Path", "foo://HOST/Path"),
                Arguments.of("foo://h\u00e9/", "foo://h%C3%A9/"),
                Arguments.of("foo://", "foo://"),
                Arguments.of("foo:////p", "foo:////p"),
                Arguments.of("foo:/.//p", "foo:/.//p"),
                Arguments.of("foo:/a/..//p", "foo:/.//p"),
                Arguments.of("mailto:Joe@Example.COM", "mailto:Joe@Example.COM"),
                Arguments.of("urn:a b", "urn:a b"),
                Arguments.of("urn:a ?q", "urn:a%20?q"),
                Arguments.of("urn:\u00e9\u0001x", "urn:%C3%A9%01x"),
                Arguments.of("data:", "data:"),
                // file URLs: no localhost, drive letters normalized and never climbed above.
                Arguments.of("file://localhost/x", "file:///x"),
                Arguments.of("file://host/x", "file://host/x"),
                Arguments.of("file:c:\\x", "file:///c:/x"),
                Arguments.of("file:///C|/a/../../b", "file:///C:/b"),
                Arguments.of("file://C:/x", "file:///C:/x"),
                Arguments.of("file:", "file:///"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("absoluteUrls")
    void parsesAndSerializes(String input, String expected) {
        Url url = UrlParser.parse(input).orElseThrow();
        assertThat(url.href()).isEqualTo(expected);
        assertThat(UrlParser.parse(url.href())).contains(url);
    }

    static Stream<Arguments> relativeUrls() {
        return Stream.of(
                Arguments.of("../c", "http://h/a/b/", "http://h/a/c"),
                Arguments.of("c", "http://h/a/b", "http://h/a/c"),
                Arguments.of("?x", "http://h/a?y#z", "http://h/a?x"),
                Arguments.of("#f", "http://h/a?y", "http://h/a?y#f"),
                Arguments.of("", "http://h/a?b#c", "http://h/a?b"),
                Arguments.of("//other/x", "http://h/a", "http://other/x"),
                Arguments.of("\\x", "http://u:p@h:81/a/b", "http://u:p@h:81/x"),
                Arguments.of("/x", "foo://h/a/b", "foo://h/x"),
                Arguments.of("#x", "mailto:a", "mailto:a#x"),
                Arguments.of("https:x", "https://h/a/b", "https://h/a/x"),
                Arguments.of("http:x", "https://h/a", "http://x/"),
                Arguments.of("x", "file:///C:/a/b", "file:///C:/a/x"),
                Arguments.of("/x", "file:///C:/a", "file:///C:/x"),
                Arguments.of("D|/x", "file:///C:/a", "file:///D:/x"));
    }

    @ParameterizedTest(name = "{0} against {1}")
    @MethodSource("relativeUrls")
    void resolvesAgainstABase(String input, String base, String expected) {
        Url url = UrlParser.parse(input, UrlParser.parse(base)).orElseThrow();
        assertThat(url.href()).isEqualTo(expected);
        assertThat(UrlParser.parse(url.href())).contains(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "x", "/x", "http://", "http:///", "http://@/x", "http://user@/x", "http://a b/", "http://a%b/",
        "http://a<b/", "http://[::1/", "http://[::g]/", "http://[1:2:3:4:5:6:7:8:9]/", "http://[::1.2.3]/",
        "http://h:65536/", "http://h:8x/", "http://1.2.3.4.5/", "http://256.0.0.1/", "http://foo.09/",
        "http://0x100000000/", "http://\ufffd/", "foo://a b/", "foo://:80/", "file://a b/",
    })
    void refusesWhatIsNoUrl(String input) {
        assertThat(UrlParser.parse(input)).isEmpty();
    }

    @Test
    void relativeInputNeedsAHierarchicalBase() {
        assertThat(UrlParser.parse("x", UrlParser.parse("mailto:a"))).isEmpty();
        assertThat(UrlParser.parse("x", Optional.empty())).isEmpty();
    }

    @Test
    void componentsAreWhatAUrlPatternMatches() {
        Url url = UrlParser.parse("https://u:p@[::1]:8443/a/b?q#f").orElseThrow();
        assertThat(UrlComponent.PROTOCOL.of(url)).isEqualTo("https");
        assertThat(UrlComponent.USERNAME.of(url)).isEqualTo("u");
        assertThat(UrlComponent.PASSWORD.of(url)).isEqualTo("p");
        assertThat(UrlComponent.HOSTNAME.of(url)).isEqualTo("[::1]");
        assertThat(UrlComponent.PORT.of(url)).isEqualTo("8443");
        assertThat(UrlComponent.PATHNAME.of(url)).isEqualTo("/a/b");
        assertThat(UrlComponent.SEARCH.of(url)).isEqualTo("q");
        assertThat(UrlComponent.HASH.of(url)).isEqualTo("f");
        Url opaque = UrlParser.parse("urn:isbn:1").orElseThrow();
        assertThat(UrlComponent.HOSTNAME.of(opaque)).isEmpty();
        assertThat(UrlComponent.PATHNAME.of(opaque)).isEqualTo("isbn:1");
    }

    @Test
    void specialPathIsHowAPatternsPathTextIsCanonicalized() {
        assertThat(UrlParser.specialPath("/a\\b/../c?d#e")).isEqualTo("/a/c%3Fd%23e");
        assertThat(UrlParser.specialPath("/-caf\u00e9/.")).isEqualTo("/-caf%C3%A9/");
    }
}
