package dev.herald.spring.boot.security;

import dev.herald.hub.HubOptions;
import dev.herald.hub.OptionValues;
import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Supplier;
import org.springframework.boot.security.web.servlet.ApplicationContextRequestMatcher;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.context.WebApplicationContext;

/**
 * Spring Security request matchers for the Herald hub that the application's own server serves, as Spring Boot's
 * {@code EndpointRequest} is for Actuator. The hub authorizes its requests itself (a subscriber's or publisher's
 * token, or the application's {@code SubscriberAuthorization}), so an application's own security chain usually
 * permits them and exempts them from CSRF:
 *
 * <pre>{@code
 * http.authorizeHttpRequests(requests -> requests
 *         .requestMatchers(HubRequest.toHub()).permitAll()
 *         .anyRequest().authenticated())
 *     .csrf(csrf -> csrf.ignoringRequestMatchers(HubRequest.toHub()));
 * }</pre>
 *
 * The starter's own chain does this already ({@link HubSecurityAutoConfiguration}); this is for a chain that takes
 * the hub's requests itself.
 */
public final class HubRequest {

    /** Where the hub publishes its OAuth protected-resource metadata: this, then the hub's path. */
    private static final String METADATA = "/.well-known/oauth-protected-resource";

    private HubRequest() {
    }

    /**
     * The hub's requests: its path ({@code herald.hub.path}, subscribers and publishers), everything under it (the
     * subscriptions API) and its protected-resource metadata, under the application's context path. Matches nothing
     * when the hub has a port of its own ({@code herald.hub.port}) or the application runs none.
     */
    public static RequestMatcher toHub() {
        return new HubRequestMatcher();
    }

    /** Resolves the hub's path from the application's context at the first request. */
    private static final class HubRequestMatcher extends ApplicationContextRequestMatcher<ApplicationContext> {

        private volatile RequestMatcher paths = request -> false;

        HubRequestMatcher() {
            super(ApplicationContext.class);
        }

        @Override
        protected boolean ignoreApplicationContext(WebApplicationContext context) {
            return "management".equals(getServerNamespace(context)); // Actuator on a port of its own
        }

        @Override
        protected void initialized(Supplier<ApplicationContext> context) {
            OptionValues options = context.get().getBeanProvider(OptionValues.class).getIfUnique();
            if (options == null || options.isSet(HubOptions.PORT)) {
                return;
            }
            String path = options.get(HubOptions.PATH);
            PathPatternRequestMatcher.Builder matchers = PathPatternRequestMatcher.withDefaults();
            paths = new OrRequestMatcher(matchers.matcher(path), matchers.matcher(path + "/**"),
                    matchers.matcher(METADATA + path));
        }

        @Override
        protected boolean matches(HttpServletRequest request, Supplier<ApplicationContext> context) {
            return paths.matches(request);
        }

        @Override
        public String toString() {
            return "HubRequest.toHub()";
        }
    }
}
