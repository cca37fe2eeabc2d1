package dev.herald.spring.boot;

import dev.herald.hub.Hub;
import dev.herald.hub.HubBuilder;
import dev.herald.hub.HubOptions;
import dev.herald.hub.InvalidOptionException;
import dev.herald.hub.OptionNaming;
import dev.herald.hub.OptionValues;
import dev.herald.hub.SubscriberAuthorization;
import dev.herald.hub.Transport;
import dev.herald.hub.TransportProviders;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The hub, configured by {@code herald.hub.*} (one property per option of the hub and of each installed transport,
 * see {@link HubOptions}): served by the application's servlet container at {@code herald.hub.path}
 * ({@link HubServletAutoConfiguration}), or on its own port when {@code herald.hub.port} is set. Its meters go to the
 * application's {@link MeterRegistry}, an application's {@link SubscriberAuthorization} bean answers for subscribers
 * before their tokens are read, and {@link HubBuilderCustomizer} beans adjust the rest. The {@link Hub} bean is the
 * application's {@link dev.herald.hub.HubPublisher}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.metrics.autoconfigure."
        + "CompositeMeterRegistryAutoConfiguration")
@ConditionalOnBooleanProperty(name = HubPropertyNames.ENABLED, matchIfMissing = true)
public class HubAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(HubAutoConfiguration.class);

    /** The hub's option values, as {@code herald.hub.*} gives them; {@code options.get(HubOptions.PATH)}, say. */
    @Bean
    @ConditionalOnMissingBean
    public OptionValues heraldHubOptions(Environment environment) {
        return new HubPropertyBinder(environment, HubPropertyNames.catalog()).bind();
    }

    /** The transport {@code herald.hub.transport} names; not closed by the context, since the hub closes it. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public Transport heraldTransport(OptionValues options) {
        String property = HubPropertyNames.of(HubOptions.TRANSPORT);
        String name = TransportProviders.shown(options.get(HubOptions.TRANSPORT).strip());
        TransportProviders providers = TransportProviders.of(HubAutoConfiguration.class.getClassLoader());
        if (HubDataSourceTransportAutoConfiguration.NAME.equals(name)) {
            throw new HubPropertyException(property, property + "=datasource names the application's DataSource, but "
                    + "the application has no DataSource bean or no herald-postgres.", "Add herald-postgres and a "
                    + "PostgreSQL DataSource (spring-boot-starter-jdbc and spring.datasource.url), or name a "
                    + "transport's URL.", null);
        }
        try {
            providers.providerOf(options.get(HubOptions.TRANSPORT));
        } catch (IllegalArgumentException e) {
            throw new HubPropertyException(property, property + ": " + e.getMessage() + ".", "Name one of the "
                    + "installed transports, or add the module of the one you meant (herald-sqlite for sqlite:, "
                    + "herald-redis for redis://, herald-postgres for postgresql://) to the application.", e);
        }
        try {
            return providers.open(options);
        } catch (InvalidOptionException e) {
            throw HubPropertyException.of(e);
        } catch (RuntimeException e) {
            throw new HubPropertyException(property, "The transport " + name + " (" + property + ") cannot open: "
                    + e.getMessage(), "Check what " + property + " names: that the file or server is there, and "
                    + "that this application may use it.", e);
        }
    }

    /**
     * The started hub; closed when the context closes, once the web server has stopped and its streams have ended
     * ({@link HubLifecycle}), after answering the publishes it accepted.
     */
    @Bean(destroyMethod = "drainAndClose")
    @ConditionalOnMissingBean
    public Hub heraldHub(OptionValues options, Transport transport,
            ObjectProvider<SubscriberAuthorization> authorization, ObjectProvider<MeterRegistry> meterRegistry,
            ObjectProvider<HubBuilderCustomizer> customizers) {
        boolean ownPort = options.isSet(HubOptions.PORT);
        Hub hub;
        try {
            HubBuilder builder = Hub.builder().optionNaming(OptionNaming.properties(HubPropertyNames.PREFIX))
                    .options(options).transport(transport);
            if (!ownPort) {
                // The application's servlet container serves it (HubServletAutoConfiguration); without one, only
                // herald.hub.port lets subscribers reach the hub.
                builder.listen(false);
            }
            authorization.ifUnique(builder::subscriberAuthorization);
            meterRegistry.ifUnique(builder::meterRegistry);
            customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
            hub = builder.build();
        } catch (InvalidOptionException e) {
            throw HubPropertyException.of(e);
        }
        try {
            hub.start();
        } catch (IllegalStateException e) {
            String port = HubPropertyNames.of(HubOptions.PORT);
            throw new HubPropertyException(port, "The hub cannot listen on its own port (" + port + "): "
                    + e.getMessage(), "Choose a free port for " + port + " (0 for any), or leave it unset to serve "
                    + "the hub from the application's own server.", e);
        }
        if (ownPort) {
            LOG.info("Herald hub at {}", hub.url());
        }
        return hub;
    }

    /**
     * The hub's drain in the application's shutdown: not ready as the context closes, still serving for the drain
     * delay; its streams ended over the drain time once the web server's graceful shutdown has begun, so that it does
     * not wait for them, while requests in progress still publish.
     */
    @Bean
    @ConditionalOnMissingBean
    HubLifecycle heraldHubLifecycle(Hub hub, ApplicationContext context, ConfigurableListableBeanFactory beans) {
        return new HubLifecycle(hub, context, beans);
    }
}
