package dev.herald.spring.boot;

import dev.herald.hub.Hub;
import dev.herald.servlet.HubServlet;
import jakarta.servlet.Servlet;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * The hub in the application's own servlet container, at {@code herald.hub.path} (with its subscriptions API and
 * protected-resource metadata), unless {@code herald.hub.port} gives it a port of its own.
 */
@AutoConfiguration(after = HubAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({Servlet.class, HubServlet.class})
@ConditionalOnBean(Hub.class)
@Conditional(HubPortNotSetCondition.class)
public class HubServletAutoConfiguration {

    /** The name of the hub's servlet. */
    static final String SERVLET = "heraldHub";

    /** The hub's servlet: asynchronous, since subscriptions are long-lived streams; started with the container. */
    @Bean
    @ConditionalOnMissingBean(name = "heraldHubServlet")
    public ServletRegistrationBean<HubServlet> heraldHubServlet(Hub hub) {
        ServletRegistrationBean<HubServlet> registration = new ServletRegistrationBean<>(new HubServlet(hub),
                HubServlet.urlMappings(hub).toArray(String[]::new));
        registration.setName(SERVLET);
        registration.setAsyncSupported(true);
        registration.setLoadOnStartup(1);
        return registration;
    }
}
