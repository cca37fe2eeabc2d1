package dev.herald.urlpattern.internal;

import java.util.Optional;

/**
 * The URL Standard's special schemes, whose URLs always have a host (but for {@code file}), treat a backslash as a
 * slash, and drop their default port.
 */
enum SpecialScheme {
    FTP("ftp", 21),
    FILE("file", -1),
    HTTP("http", 80),
    HTTPS("https", 443),
    WS("ws", 80),
    WSS("wss", 443);

    /** The scheme, in lowercase, as a parsed URL holds it. */
    final String scheme;
    private final int defaultPort;

    SpecialScheme(String scheme, int defaultPort) {
        this.scheme = scheme;
        this.defaultPort = defaultPort;
    }

    /** The special scheme named exactly {@code scheme} (lowercase), if it is one. */
    static Optional<SpecialScheme> of(String scheme) {
        for (SpecialScheme special : values()) {
            if (special.scheme.equals(scheme)) {
                return Optional.of(special);
            }
        }
        return Optional.empty();
    }

    static boolean isSpecial(String scheme) {
        return of(scheme).isPresent();
    }

    /** Whether {@code port} is the default port of {@code scheme}, which a parsed URL then omits. */
    static boolean isDefaultPort(String scheme, int port) {
        return port >= 0 && of(scheme).filter(special -> special.defaultPort == port).isPresent();
    }

    /** Whether {@code port}, as a pattern writes it, is the text of the default port of {@code scheme}. */
    static boolean isDefaultPort(String scheme, String port) {
        return of(scheme).filter(special -> special.defaultPort >= 0)
                .filter(special -> Integer.toString(special.defaultPort).equals(port)).isPresent();
    }
}
