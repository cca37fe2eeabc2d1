package dev.herald.spring.boot.sample;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Form login with two demonstration users, alice and bob (passwords alice and bob). The hub's paths need nothing
 * here: the starter's own security chain takes them before this one (see {@code HubSecurityAutoConfiguration}), lets
 * them through to the hub, which authorizes each request itself, with the logged-in user (through
 * {@link UserTopics}) or with a publisher's or subscriber's JWT, and exempts them from CSRF. A chain of the
 * application's that takes the hub's requests itself would name them with {@code HubRequest.toHub()}.
 */
@Configuration
public class SecurityConfiguration {

    /** Who may reach what: the login page, health and errors to anyone, the rest to logged-in users. */
    @Bean
    public SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health/**").permitAll()
                        // The container's error page, which a stream's broken connection may be forwarded to.
                        .requestMatchers("/error").permitAll()
                        .anyRequest().authenticated())
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
