package dev.herald.spring.boot.security;

import dev.herald.spring.boot.HubServletAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.web.servlet.ApplicationContextRequestMatcher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Where Spring Security guards the application, a chain of its own for the hub's requests ({@link HubRequest#toHub()})
 * that lets them through to the hub, which authorizes them itself, and exempts them from CSRF: a publisher's token
 * comes in a header no foreign page can set, and a subscription changes nothing. The application's session still
 * reaches the hub (its {@code SubscriberAuthorization} sees the logged-in user). Ordered first and matching only the
 * hub's requests, it leaves every other request to Spring Boot's default chain, Actuator's or the application's,
 * unchanged; it yields to a chain of the application's own for the hub's paths ({@link HubSecurityFilterChain}), and
 * a bean named {@code heraldHubSecurityFilterChain} replaces it.
 */
@AutoConfiguration(after = HubServletAutoConfiguration.class, afterName = {
    "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SecurityFilterChain.class, HttpSecurity.class, ApplicationContextRequestMatcher.class})
@ConditionalOnBean(value = HttpSecurity.class, name = "heraldHubServlet")
public class HubSecurityAutoConfiguration {

    /** The order of the hub's chain: before the application's, so that their catch-all does not take its requests. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    /** The hub's requests, let through to the hub. */
    @Bean
    @Order(ORDER)
    @ConditionalOnMissingBean(name = "heraldHubSecurityFilterChain")
    public SecurityFilterChain heraldHubSecurityFilterChain(HttpSecurity http,
            ObjectProvider<SecurityFilterChain> chains) throws Exception {
        http.securityMatcher(HubRequest.toHub())
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(AbstractHttpConfigurer::disable)
                // A refused subscriber is answered by the hub (401 with WWW-Authenticate), never sent to a login page.
                .requestCache(AbstractHttpConfigurer::disable);
        return new HubSecurityFilterChain(http.build(), chains);
    }
}
