/**
 * URL matching for publish/subscribe topics: {@link dev.herald.urlpattern.UrlPattern} compiles WHATWG URL Patterns
 * (matched against URLs read by the WHATWG URL parser) and {@link dev.herald.urlpattern.UriTemplate} compiles RFC
 * 6570 URI templates, both into RE2/J expressions that match in time linear in the input, whatever the pattern.
 * Invalid patterns throw
 * {@link java.lang.IllegalArgumentException}; no method accepts or returns null.
 */
package dev.herald.urlpattern;
