package dev.herald.spring.boot;

import dev.herald.hub.HubBuilder;

/**
 * Adjusts the hub beyond what the {@code herald.hub.*} properties say: a bean of this type is given the builder once
 * the properties and the application's {@code SubscriberAuthorization} and {@code MeterRegistry} are applied, so it
 * may add to them or override them. Several are applied in their {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * HubBuilderCustomizer trustOurIssuer(KeySpec issuerKey) {
 *     return hub -> hub.issuerKey("https://login.example.com", issuerKey);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface HubBuilderCustomizer {

    /** Adjusts {@code builder}, which the properties have configured. */
    void customize(HubBuilder builder);
}
