package dev.herald.spring.boot;

import dev.herald.hub.Hub;
import dev.herald.hub.HubBuilder;
import dev.herald.hub.KeySpec;
import dev.herald.hub.SubscriberAuthorization;
import dev.herald.hub.Transport;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

/**
 * The hub, configured by {@code herald.hub.*}: served by the application's servlet container at
 * {@code herald.hub.path} ({@link HubServletAutoConfiguration}), or on its own port when {@code herald.hub.port} is
 * set. Its meters go to the application's {@link MeterRegistry}, and an application's
 * {@link SubscriberAuthorization} bean answers for subscribers before their tokens are read. The {@link Hub} bean is
 * the application's {@link dev.herald.hub.HubPublisher}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.metrics.autoconfigure."
        + "CompositeMeterRegistryAutoConfiguration")
@ConditionalOnBooleanProperty(name = "herald.hub.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HubProperties.class)
public class HubAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(HubAutoConfiguration.class);

    /** The transport herald.hub.transport names; not closed by the context, since the hub closes it. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public Transport heraldTransport(HubProperties properties) {
        return ConfiguredTransport.open(properties.transport(), properties.historySize());
    }

    /** The started hub; closed when the application begins to stop ({@link HubLifecycle}), or else with the context. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Hub heraldHub(HubProperties properties, Transport transport,
            ObjectProvider<SubscriberAuthorization> authorization, ObjectProvider<MeterRegistry> meterRegistry) {
        HubBuilder builder = Hub.builder().transport(transport).path(properties.path()).anonymous(properties.anonymous())
                .heartbeat(properties.heartbeat()).subscriptions(properties.subscriptions());
        if (properties.standalone()) {
            builder.address(properties.host(), properties.port());
        } else {
            // The application's servlet container serves it (HubServletAutoConfiguration); without one, only
            // herald.hub.port lets subscribers reach the hub.
            builder.listen(false);
        }
        if (properties.jwtKey() != null && !properties.jwtKey().isEmpty()) {
            builder.jwtKey(KeySpec.parse(properties.jwtAlgorithm(), properties.jwtKey()));
        }
        properties.issuers().stream().filter(issuer -> !issuer.isBlank()).forEach(builder::trustedIssuer);
        for (String jwks : properties.jwksUris()) {
            int equals = jwks.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("herald.hub.jwks-uris entries are ISSUER=URL, got " + jwks);
            }
            builder.jwksUri(jwks.substring(0, equals).strip(), URI.create(jwks.substring(equals + 1).strip()));
        }
        if (properties.resourceIdentifier() != null && !properties.resourceIdentifier().isBlank()) {
            builder.resourceIdentifier(properties.resourceIdentifier());
        }
        properties.corsOrigins().stream().filter(origin -> !origin.isBlank()).forEach(builder::corsOrigin);
        authorization.ifUnique(builder::subscriberAuthorization);
        meterRegistry.ifUnique(builder::meterRegistry);
        Hub hub = builder.build().start();
        if (properties.standalone()) {
            LOG.info("Herald hub at {}", hub.url());
        }
        return hub;
    }

    /** Ends the hub's streams before the web server's graceful shutdown would wait for them. */
    @Bean
    @ConditionalOnMissingBean(name = "heraldHubLifecycle")
    SmartLifecycle heraldHubLifecycle(Hub hub) {
        return new HubLifecycle(hub);
    }
}
