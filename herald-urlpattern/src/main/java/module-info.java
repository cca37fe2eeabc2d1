/**
 * WHATWG URL Pattern and RFC 6570 URI template matching on RE2/J. Only {@code dev.herald.urlpattern} is exported;
 * the engines in {@code dev.herald.urlpattern.internal} are not part of the API.
 */
module dev.herald.urlpattern {
    // RE2/J is an automatic module, and its jar (1.8, the latest release) has no Automatic-Module-Name: the name
    // "re2j" is derived from the jar's file name, which is why Maven warns of a "filename-based automodule" when
    // this module compiles. Should RE2/J declare a name (google/re2j#176), this line must take it.
    requires re2j;

    exports dev.herald.urlpattern;
}
