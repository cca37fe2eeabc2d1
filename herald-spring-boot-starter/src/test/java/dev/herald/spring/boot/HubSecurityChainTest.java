package dev.herald.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.spring.boot.security.HubRequest;
import dev.herald.spring.boot.security.HubSecurityAutoConfiguration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockServletContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.context.WebApplicationContext;

/**
 * Which security chain takes a request to the hub: the starter's, before the application's catch-all, unless the
 * application has a chain of its own for the hub's paths.
 */
class HubSecurityChainTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(HubAutoConfiguration.class, HubServletAutoConfiguration.class,
                    SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
                    HubSecurityAutoConfiguration.class));

    @Test
    void theStarterTakesTheHubsRequestsAndSpringBootsDefaultTheRest() {
        runner.run(context -> {
            assertThat(chainFor(context, "/.well-known/mercure")).hasValueSatisfying(chain ->
                    assertThat(chain.toString()).startsWith("HubSecurityFilterChain"));
            assertThat(chainFor(context, "/.well-known/mercure/subscriptions")).hasValueSatisfying(chain ->
                    assertThat(chain.toString()).startsWith("HubSecurityFilterChain"));
            assertThat(chainFor(context, "/.well-known/oauth-protected-resource/.well-known/mercure"))
                    .hasValueSatisfying(chain -> assertThat(chain.toString()).startsWith("HubSecurityFilterChain"));
            assertThat(chainFor(context, "/account")).hasValueSatisfying(chain ->
                    assertThat(chain.toString()).doesNotStartWith("HubSecurityFilterChain"));
            assertThat(chainFor(context, "/.well-known/mercure-not")).hasValueSatisfying(chain ->
                    assertThat(chain.toString()).doesNotStartWith("HubSecurityFilterChain"));
        });
    }

    @Test
    void beforeTheApplicationsCatchAll() {
        runner.withUserConfiguration(CatchAll.class).run(context -> {
            assertThat(chainFor(context, "/.well-known/mercure")).hasValueSatisfying(chain ->
                    assertThat(chain.toString()).startsWith("HubSecurityFilterChain"));
            assertThat(chainFor(context, "/account"))
                    .containsSame(context.getBean("catchAll", SecurityFilterChain.class));
        });
    }

    @Test
    void yieldingToTheApplicationsOwnChainForTheHub() {
        runner.withUserConfiguration(OwnHubChain.class).run(context ->
                assertThat(chainFor(context, "/.well-known/mercure"))
                        .containsSame(context.getBean("ownHubChain", SecurityFilterChain.class)));
    }

    @Test
    void absentWhenTheHubHasItsOwnPort() {
        runner.withPropertyValues("herald.hub.port=0").run(context ->
                assertThat(context).doesNotHaveBean("heraldHubSecurityFilterChain"));
    }

    @Test
    void theMatcherMatchesNothingWithoutAHub() {
        runner.withPropertyValues("herald.hub.enabled=false").run(context ->
                assertThat(HubRequest.toHub().matches(request(context, "/.well-known/mercure"))).isFalse());
    }

    private static Optional<SecurityFilterChain> chainFor(AssertableWebApplicationContext context, String path) {
        assertThat(context).hasNotFailed();
        MockHttpServletRequest request = request(context, path);
        return context.getBean(FilterChainProxy.class).getFilterChains().stream()
                .filter(chain -> chain.matches(request)).findFirst();
    }

    private static MockHttpServletRequest request(AssertableWebApplicationContext context, String path) {
        MockServletContext servletContext = new MockServletContext();
        servletContext.setAttribute(WebApplicationContext.ROOT_WEB_APPLICATION_CONTEXT_ATTRIBUTE, context);
        MockHttpServletRequest request = new MockHttpServletRequest(servletContext, "GET", path);
        request.setServletPath(path);
        return request;
    }

    @Configuration(proxyBeanMethods = false)
    static class CatchAll {
        @Bean
        SecurityFilterChain catchAll(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated()).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnHubChain {
        @Bean
        SecurityFilterChain ownHubChain(HttpSecurity http) throws Exception {
            return http.securityMatcher(HubRequest.toHub())
                    .authorizeHttpRequests(requests -> requests.anyRequest().denyAll()).build();
        }

        @Bean
        SecurityFilterChain rest(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated()).build();
        }
    }
}
