package dev.herald.urlpattern.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** URL patterns compiled to one RE2/J expression per component match topics as the URL Pattern standard does. */
class UrlPatternCompilerTest {

    private static void assertMatches(UrlPatternMatcher pattern, List<String> matching, List<String> notMatching) {
        for (String topic : matching) {
            assertThat(pattern.matches(topic)).as("%s should match %s", pattern, topic).isTrue();
        }
        for (String topic : notMatching) {
            assertThat(pattern.matches(topic)).as("%s should not match %s", pattern, topic).isFalse();
        }
    }

    /** The examples of the standard's introduction. */
    @Nested
    class StandardExamples {

        @Test
        void categoryAndWildcard() {
            assertMatches(UrlPatternCompiler.compile("https://example.com/:category/*"),
                    List.of("https://example.com/products/", "https://example.com/blog/our-greatest-product-ever"),
                    List.of("https://example.com/", "http://example.com/products/",
                            "https://example.com:8443/blog/our-greatest-product-ever"));
        }

        @Test
        void optionalSchemeSuffixSubdomainAndRegexpGroup() {
            assertMatches(
                    UrlPatternCompiler.compile("http{s}?://{:subdomain.}?shop.example/products/:id([0-9]+)#reviews"),
                    List.of("https://shop.example/products/74205#reviews",
                            "https://kathryn@voyager.shop.example/products/74656#reviews",
                            "http://insecure.shop.example/products/1701#reviews"),
                    List.of("https://shop.example/products/2000", "http://shop.example:8080/products/0#reviews",
                            "https://nx.shop.example/products/01?speed=5#reviews",
                            "https://shop.example/products/chair#reviews"));
        }

        @Test
        void relativePatternResolvedAgainstBaseUrl() {
            assertMatches(UrlPatternCompiler.compile("../admin/*", "https://discussion.example/forum/?page=2"),
                    List.of("https://discussion.example/admin/",
                            "https://edd:librarian@discussion.example/admin/update?id=1"),
                    List.of("https://discussion.example/forum/admin/",
                            "http://discussion.example:8080/admin/update?id=1"));
        }

        @Test
        void namedGroupStopsAtSlash() {
            assertMatches(UrlPatternCompiler.compile("https://example.com/blog/:title"),
                    List.of("https://example.com/blog/hello-world"),
                    List.of("https://example.com/blog/2012/02", "https://example.com/blog/"));
        }

        @Test
        void regexpGroups() {
            assertMatches(UrlPatternCompiler.compile("https://example.com/blog/:year(\\d+)/:month(\\d+)"),
                    List.of("https://example.com/blog/2012/02"),
                    List.of("https://example.com/blog/2012/feb", "https://example.com/blog/2012"));
        }

        @Test
        void optionalGroupTakesItsSlashPrefix() {
            assertMatches(UrlPatternCompiler.compile("https://example.com/products/:id?"),
                    List.of("https://example.com/products", "https://example.com/products/2"),
                    List.of("https://example.com/products/", "https://example.com/products/2/3"));
        }

        @Test
        void explicitGroupWithoutPrefix() {
            assertMatches(UrlPatternCompiler.compile("https://example.com/products/{:id}?"),
                    List.of("https://example.com/products/", "https://example.com/products/2"),
                    List.of("https://example.com/products"));
        }

        @Test
        void optionalFixedTextGroup() {
            assertMatches(UrlPatternCompiler.compile("https://example.com/books{/old}?"),
                    List.of("https://example.com/books", "https://example.com/books/old"),
                    List.of("https://example.com/books/new"));
        }

        @Test
        void repeatedGroups() {
            assertMatches(UrlPatternCompiler.compile("https://example.com/files/:path+"),
                    List.of("https://example.com/files/a", "https://example.com/files/a/b/c"),
                    List.of("https://example.com/files", "https://example.com/files/"));
            assertMatches(UrlPatternCompiler.compile("https://example.com/files/:path*"),
                    List.of("https://example.com/files", "https://example.com/files/a/b/c"),
                    List.of("https://example.com/files/"));
        }

        @Test
        void fullWildcardMatchesAcrossSegments() {
            assertMatches(UrlPatternCompiler.compile("https://example.com/products/*"),
                    List.of("https://example.com/products/", "https://example.com/products/a/b?x=1#top"),
                    List.of("https://example.com/product", "https://example.com/other/products/"));
        }

        @Test
        void fileExtensionAlternatives() {
            assertMatches(UrlPatternCompiler.compile("https://example.com/*.:filetype(jpg|png)"),
                    List.of("https://example.com/a/b.jpg", "https://example.com/x.png"),
                    List.of("https://example.com/x.gif", "https://example.com/x.jpg/y"));
        }
    }

    /** The Mercure specification's own URL pattern examples. */
    @Nested
    class MercureExamples {

        @Test
        void booksById() {
            assertMatches(UrlPatternCompiler.compile("https://example.com/books/:id"),
                    List.of("https://example.com/books/1", "https://example.com/books/1?x#y"),
                    List.of("https://example.com/books/1/chapters", "https://example.com/books/",
                            "https://example.org/books/1", "http://example.com/books/1"));
        }

        @Test
        void relativeSubscriptionPatternAgainstTheHubUrl() {
            UrlPatternMatcher pattern = UrlPatternCompiler.compile("/.well-known/mercure/subscriptions/Exact/:topic/:subscriber",
                    "https://hub.example.com/.well-known/mercure");
            assertMatches(pattern,
                    List.of("https://hub.example.com/.well-known/mercure/subscriptions/Exact/foo/urn%3Auuid%3A1"),
                    List.of("https://hub.example.com/.well-known/mercure/subscriptions/URLPattern/foo/bar",
                            "https://other.example.com/.well-known/mercure/subscriptions/Exact/foo/bar"));
        }

        @Test
        void selectorPattern() {
            assertMatches(UrlPatternCompiler.compile("https://example.com/:selector"),
                    List.of("https://example.com/foo"), List.of("https://example.com/foo/bar"));
        }
    }

    @Nested
    class Components {

        @Test
        void hostWithoutPathMatchesAnyPathOnThatOriginOnly() {
            assertMatches(UrlPatternCompiler.compile("https://example.com"),
                    List.of("https://example.com/", "https://example.com/a/b?c#d"),
                    List.of("https://example.com.evil.org/", "https://example.com:8443/",
                            "https://evil.com/@example.com/", "https://example.com@evil.com/"));
        }

        @Test
        void hostWildcardCannotCrossIntoThePath() {
            assertMatches(UrlPatternCompiler.compile("https://*.example.com/*"),
                    List.of("https://a.example.com/x", "https://a.b.example.com/"),
                    List.of("https://example.com/x", "https://evil.org/.example.com/",
                            "https://evil.org/x.example.com/"));
        }

        @Test
        void usernameWildcardCannotSwallowTheHost() {
            assertMatches(UrlPatternCompiler.compile("https://*@example.com/*"),
                    List.of("https://user@example.com/x", "https://example.com/x"),
                    List.of("https://user@evil.com/@example.com/", "https://user@evil.com/x@example.com/"));
        }

        @Test
        void colonFollowedByANameIsAHostnameGroupNotAPort() {
            assertMatches(UrlPatternCompiler.compile("https://a.c:hmm.example.com:8080/*"),
                    List.of("https://a.cx.example.com:8080/"), List.of("https://a.c:8080/"));
        }

        @Test
        void defaultPortIsDropped() {
            assertMatches(UrlPatternCompiler.compile("https://example.com:443/*"),
                    List.of("https://example.com/x"), List.of("https://example.com:8443/x"));
        }

        @Test
        void explicitAndWildcardPorts() {
            assertMatches(UrlPatternCompiler.compile("https://example.com:8080/*"),
                    List.of("https://example.com:8080/x"), List.of("https://example.com/x"));
            assertMatches(UrlPatternCompiler.compile("https://example.com:*/*"),
                    List.of("https://example.com/x", "https://example.com:8080/x"),
                    List.of("https://example.com:x/"));
        }

        @Test
        void searchAndHash() {
            assertMatches(UrlPatternCompiler.compile("https://example.com/search?q=:query"),
                    List.of("https://example.com/search?q=herald", "https://example.com/search?q=herald#r"),
                    List.of("https://example.com/search?q=", "https://example.com/search",
                            "https://example.com/search?x=herald"));
            assertMatches(UrlPatternCompiler.compile("https://example.com/page#:section"),
                    List.of("https://example.com/page#intro"), List.of("https://example.com/page?x#intro"));
        }

        @Test
        void pathWithoutSearchMeansAnySearch() {
            assertMatches(UrlPatternCompiler.compile("https://example.com/foo"),
                    List.of("https://example.com/foo", "https://example.com/foo?a=b", "https://example.com/foo#c"),
                    List.of("https://example.com/foo/", "https://example.com/foobar"));
        }

        @Test
        void emptySearchPrefixRequiresNoQuery() {
            assertMatches(UrlPatternCompiler.compile("https://example.com/foo?"),
                    List.of("https://example.com/foo", "https://example.com/foo?"),
                    List.of("https://example.com/foo?a=b"));
        }

        @Test
        void schemeAndHostCompareWithoutCase() {
            assertMatches(UrlPatternCompiler.compile("https://Example.COM/Books"),
                    List.of("https://example.com/Books", "HTTPS://EXAMPLE.com/Books"),
                    List.of("https://example.com/books"));
        }

        @Test
        void fixedTextIsCanonicalized() {
            assertMatches(UrlPatternCompiler.compile("https://example.com/caf\u00e9 menu/a/../b"),
                    // The URL is parsed (and so percent-encoded) before it is matched, as the standard does.
                    List.of("https://example.com/caf%C3%A9%20menu/b", "https://example.com/café menu/b"),
                    List.of("https://example.com/caf%c3%a9%20menu/b"));
            assertMatches(UrlPatternCompiler.compile("https://b\u00fccher.example/*"),
                    List.of("https://xn--bcher-kva.example/x"), List.of());
        }

        @Test
        void ipv6Host() {
            assertMatches(UrlPatternCompiler.compile("http://[\\:\\:1]/*"),
                    List.of("http://[::1]/foo"), List.of("http://[::2]/foo"));
        }

        @Test
        void wildcardScheme() {
            assertMatches(UrlPatternCompiler.compile("*://example.com/*"),
                    List.of("https://example.com/a", "wss://example.com/"), List.of("https://example.org/a"));
        }
    }

    @Nested
    class OpaqueAndNonSpecialUrls {

        @Test
        void opaquePath() {
            assertMatches(UrlPatternCompiler.compile("mailto:*@example.com"),
                    List.of("mailto:joe@example.com"), List.of("mailto:joe@example.org"));
        }

        @Test
        void escapedColonsInUrn() {
            assertMatches(UrlPatternCompiler.compile("urn\\:isbn\\:*"),
                    List.of("urn:isbn:0451450523"), List.of("urn:issn:0451450523"));
        }

        @Test
        void pathWithoutAuthorityCannotPassForAnAuthority() {
            assertMatches(UrlPatternCompiler.compile("foo:*"),
                    List.of("foo:bar", "foo:/bar", "foo:/./x"),
                    List.of("foo://evil/x"));
        }

        @Test
        void nonSpecialHostCannotBeExtendedByThePath() {
            assertMatches(UrlPatternCompiler.compile("foo://host"),
                    List.of("foo://host", "foo://host/x"), List.of("foo://hostile.com/x"));
        }
    }

    @Nested
    class Rejections {

        @ParameterizedTest
        @ValueSource(strings = {
            "https://example.com/:a(x\\1)",
            "https://example.com/:a(\\k<a>)",
            "https://example.com/:a((?=x)\\w+)",
            "https://example.com/:a((?!x)\\w+)",
            "https://example.com/:a((?<=x)\\w+)",
            "https://example.com/:a((?<!x)\\w+)",
            "https://example.com/:a(^x)",
            "https://example.com/:a(x$)",
            "https://example.com/:a(\\bx)",
            "https://example.com/:a(\\p{L}+)",
        })
        void constructsRe2CannotRunOrThatDependOnTheComponentsNeighbours(String pattern) {
            assertThatThrownBy(() -> UrlPatternCompiler.compile(pattern)).isInstanceOf(IllegalArgumentException.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "/books/:id",
            "books",
            "https://example.com/:id(",
            "https://example.com/:id/:id",
            "https://example.com/:id(a(b))",
            "https://exa mple.com/",
            "https://example.com:\\x/",
            "https://example.com:99999/",
            "https://example.com/:a([a-)",
            "https://example.com/:a(x{2,1})",
            "https://example.com/:a(\\q{ab})",
            "https://example.com/{a",
            "https://example.com/:",
        })
        void invalidPatterns(String pattern) {
            assertThatThrownBy(() -> UrlPatternCompiler.compile(pattern)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class RegexpGroupSyntax {

        @Test
        void classesWithSetOperations() {
            assertMatches(UrlPatternCompiler.compile("https://example.com/:c([[a-z]--[aeiou]]+)"),
                    List.of("https://example.com/bcd"), List.of("https://example.com/bad"));
            assertMatches(UrlPatternCompiler.compile("https://example.com/:c([\\w&&[^_]]+)"),
                    List.of("https://example.com/ab1"), List.of("https://example.com/a_b"));
        }

        @Test
        void escapesQuantifiersAndAlternatives() {
            assertMatches(UrlPatternCompiler.compile("https://example.com/:v(v\\d{1,2}(?:\\.\\d+)?|latest)"),
                    List.of("https://example.com/v1", "https://example.com/v12.3", "https://example.com/latest"),
                    List.of("https://example.com/v123", "https://example.com/v1.", "https://example.com/old"));
        }

        @Test
        void namedRegexpGroupsAreAccepted() {
            assertMatches(UrlPatternCompiler.compile("https://example.com/:id((?<digits>\\d+))"),
                    List.of("https://example.com/42"), List.of("https://example.com/x"));
        }

        @Test
        void regexpGroupsAreConfinedToTheirComponent() {
            // A regexp written to match '/' in the hostname can never match a host, as in the standard.
            assertMatches(UrlPatternCompiler.compile("https://([a-z.\\/]+)/admin"),
                    List.of("https://example.com/admin"), List.of("https://example.com/x/admin"));
        }
    }

    @Test
    void manyOptionalGroupsCompileQuickly() {
        StringBuilder pattern = new StringBuilder("https://example.com");
        for (int i = 0; i < 60; i++) {
            pattern.append("/:p").append(i).append("(\\d+)?");
        }
        long start = System.nanoTime();
        UrlPatternMatcher compiled = UrlPatternCompiler.compile(pattern.toString());
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
        assertMatches(compiled, List.of("https://example.com/1", "https://example.com/1/2/3"),
                List.of("https://example.com1/2", "https://example.com/x", "https://example.com/"));
    }

    @Test
    void implementationLimits() {
        assertThatThrownBy(() -> UrlPatternCompiler.compile("https://example.com/" + "a".repeat(5000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than");
        assertThatThrownBy(() -> UrlPatternCompiler.compile("https://example.com/:a(" + "[a-z]{1000}".repeat(300)
                + ")")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too complex");
        assertThatThrownBy(() -> UrlPatternCompiler.compile("https://example.com/:a(" + "(?:".repeat(100) + "a"
                + ")".repeat(100) + ")")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nested");
        // Many optional items are no limit of their own: each costs its size once.
        assertThat(UrlPatternCompiler.compile("foo::x(" + "a?".repeat(1500) + ")").matches("foo:" + "a".repeat(1500)))
                .isTrue();
    }

    @Test
    void matchingIsLinearOnPathologicalInput() {
        UrlPatternMatcher pattern = UrlPatternCompiler.compile("https://example.com/:a((?:a+)+b)");
        String topic = "https://example.com/" + "a".repeat(100_000) + "c";
        long start = System.nanoTime();
        assertThat(pattern.matches(topic)).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }
}
