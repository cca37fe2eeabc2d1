package dev.herald.spring.boot;

import dev.herald.hub.Hub;
import dev.herald.hub.OptionValues;
import dev.herald.hub.Transport;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** The hub's health indicator, {@code herald}, when the application has Spring Boot's health (Actuator). */
@AutoConfiguration(after = HubAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean({Hub.class, Transport.class, OptionValues.class})
@ConditionalOnEnabledHealthIndicator("herald")
public class HubHealthAutoConfiguration {

    /** Named so that Actuator shows it as {@code herald}. */
    @Bean
    @ConditionalOnMissingBean(name = "heraldHealthIndicator")
    public HubHealthIndicator heraldHealthIndicator(Hub hub, Transport transport, OptionValues options) {
        return new HubHealthIndicator(hub, transport, options);
    }
}
