package dev.herald.spring.boot.sample;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Form login with two demonstration users, alice and bob (passwords alice and bob). The hub's paths are open to
 * everyone: the hub authorizes each request itself, with the logged-in user (through {@link UserTopics}) or with a
 * publisher's or subscriber's JWT, so that other clients, the Mercure conformance suites among them, can use it too.
 * CSRF protection does not apply there either: a publish carries its token in a header, which a foreign page cannot
 * set, and a subscription changes nothing.
 */
@Configuration
public class SecurityConfiguration {

    /** Who may reach what: the hub, the login page, health and errors to anyone, the rest to logged-in users. */
    @Bean
    public SecurityFilterChain securityFilterChain(HttpSecurity http, @Value("${herald.hub.path:/.well-known/mercure}")
            String hubPath) throws Exception {
        RequestMatcher hub = new OrRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher(hubPath + "/**"),
                PathPatternRequestMatcher.withDefaults().matcher("/.well-known/oauth-protected-resource/**"));
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(hub).permitAll()
                        .requestMatchers("/actuator/health/**").permitAll()
                        // The container's error page, which a stream's broken connection may be forwarded to.
                        .requestMatchers("/error").permitAll()
                        .anyRequest().authenticated())
                .csrf(csrf -> csrf.ignoringRequestMatchers(hub))
                .formLogin(Customizer.withDefaults())
                .build();
    }

    /** alice and bob, kept in memory. */
    @Bean
    public InMemoryUserDetailsManager users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}alice").roles("USER").build(),
                User.withUsername("bob").password("{noop}bob").roles("USER").build());
    }
}
