package dev.herald.spring.boot;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The subscriptions API in a form without encoded slashes, for the application's own server: Mercure names a
 * subscription by a path that carries its topic and subscriber percent-encoded
 * ({@code /subscriptions/exact/https%3A%2F%2Fexample.com%2Fbooks%2F1/urn%3Auuid%3A...}), and Tomcat refuses an encoded
 * slash in a path by default (400), as Spring Security's firewall does; both settings apply to the whole application.
 * Here the same document is asked for with query parameters, which neither refuses:
 * <ul>
 * <li>{@code GET {hub}/subscriptions?match=TOPIC[&subscriber=ID]}: Mercure 1.0, an exact topic;</li>
 * <li>{@code GET {hub}/subscriptions?match_urlpattern=PATTERN[&subscriber=ID]}: Mercure 1.0, a URL pattern;</li>
 * <li>{@code GET {hub}/subscriptions?topic=SELECTOR[&subscriber=ID]}: Mercure 0.x.</li>
 * </ul>
 * The request reaches the hub as the path Mercure names, encoded as the hub names subscriptions: authorization (the
 * token must allow subscribing to that path), answers and errors are the path's. The path form itself keeps working
 * where the server lets encoded slashes through.
 */
final class SubscriptionsQuery implements Filter {

    /** The query parameter of each kind of selector, and the path segment the hub names that kind by. */
    private static final Map<String, String> SELECTORS = Map.of("match", "exact/", "match_urlpattern", "urlpattern/",
            "topic", "");

    private final String hubPath;

    /** @param hubPath the hub's path under the application's context path */
    SubscriptionsQuery(String hubPath) {
        this.hubPath = hubPath;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !"GET".equals(http.getMethod())
                || !http.getRequestURI().equals(http.getContextPath() + hubPath + "/subscriptions")) {
            chain.doFilter(request, response);
            return;
        }
        List<String> given = SELECTORS.keySet().stream().filter(name -> http.getParameter(name) != null).toList();
        String subscriber = http.getParameter("subscriber");
        if (given.isEmpty() && subscriber == null) {
            chain.doFilter(request, response); // the whole collection: no encoded part
            return;
        }
        if (given.size() != 1) {
            ((HttpServletResponse) response).sendError(400, "name one subscription's selector: match, "
                    + "match_urlpattern or topic, with subscriber if you like");
            return;
        }
        String kind = given.get(0);
        boolean legacy = kind.equals("topic");
        StringBuilder path = new StringBuilder(http.getRequestURI()).append('/').append(SELECTORS.get(kind))
                .append(encode(http.getParameter(kind), legacy));
        if (subscriber != null) {
            path.append('/').append(encode(subscriber, legacy));
        }
        String named = path.toString();
        chain.doFilter(new HttpServletRequestWrapper(http) {
            @Override
            public String getRequestURI() {
                return named;
            }

            @Override
            public StringBuffer getRequestURL() {
                StringBuffer url = super.getRequestURL();
                url.setLength(url.length() - http.getRequestURI().length());
                return url.append(named);
            }
        }, response);
    }

    /**
     * A path segment as the hub writes it in a subscription's id: every UTF-8 byte outside the unreserved characters
     * percent-encoded (RFC 6570's simple expansion, which Mercure 1.0 asks for); for Mercure 0.x, a space as
     * {@code +}, as the 0.x reference hub writes it.
     */
    static String encode(String text, boolean legacy) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else if (c == ' ' && legacy) {
                out.append('+');
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
