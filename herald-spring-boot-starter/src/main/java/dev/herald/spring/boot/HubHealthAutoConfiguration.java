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
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The hub in Spring Boot's health (Actuator), turned off by {@code management.health.herald.enabled=false}: its
 * figures ({@code herald}), its readiness ({@code heraldReadiness}) and liveness ({@code heraldLiveness}), the last
 * two also members of the {@code readiness} and {@code liveness} probe groups ({@link HubProbeGroups}).
 */
@AutoConfiguration(after = HubAutoConfiguration.class, afterName = "org.springframework.boot.health.autoconfigure."
        + "actuate.endpoint.AvailabilityProbesAutoConfiguration")
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

    /** Named so that Actuator shows it as {@code heraldReadiness}. */
    @Bean
    @ConditionalOnMissingBean(name = "heraldReadinessHealthIndicator")
    public HubReadinessIndicator heraldReadinessHealthIndicator(Hub hub) {
        return new HubReadinessIndicator(hub);
    }

    /** Named so that Actuator shows it as {@code heraldLiveness}. */
    @Bean
    @ConditionalOnMissingBean(name = "heraldLivenessHealthIndicator")
    public HubLivenessIndicator heraldLivenessHealthIndicator(Hub hub) {
        return new HubLivenessIndicator(hub);
    }

    /** The hub's members of the probe groups, where Actuator's health endpoint is. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor",
        "org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper"})
    static class ProbeGroups {

        @Bean
        @ConditionalOnMissingBean(name = "heraldProbeGroups")
        HubProbeGroups heraldProbeGroups(Environment environment) {
            return new HubProbeGroups(environment);
        }
    }
}
