package dev.herald.spring.boot;

import dev.herald.hub.HubOptions;
import dev.herald.hub.OptionValues;
import dev.herald.hub.Transport;
import dev.herald.postgres.PostgresTransport;
import dev.herald.postgres.PostgresTransportProvider;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * {@code herald.hub.transport=datasource}: the hub's log in the application's own PostgreSQL, through its
 * {@link DataSource} bean (herald-postgres on the class path), in the table {@code herald.hub.postgres-table}. Every
 * replica of the application given the same database then acts as one hub. The transport keeps one of the pool's
 * connections for as long as it runs (the one that listens) and borrows others to write and to replay.
 */
@AutoConfiguration(before = HubAutoConfiguration.class,
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnBooleanProperty(name = HubPropertyNames.ENABLED, matchIfMissing = true)
@ConditionalOnClass(name = "dev.herald.postgres.PostgresTransport")
@ConditionalOnProperty(name = HubPropertyNames.PREFIX + ".transport", havingValue = HubDataSourceTransportAutoConfiguration.NAME)
@ConditionalOnBean(DataSource.class)
public class HubDataSourceTransportAutoConfiguration {

    /** The value of {@code herald.hub.transport} that names the application's DataSource. */
    static final String NAME = "datasource";

    /** The transport on the application's DataSource; not closed by the context, since the hub closes it. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public Transport heraldTransport(OptionValues options, DataSource dataSource) {
        return PostgresTransport.builder(dataSource).table(options.get(PostgresTransportProvider.TABLE))
                .historySize(options.get(HubOptions.HISTORY_SIZE)).historyMaxAge(options.get(HubOptions.HISTORY_MAX_AGE))
                .build();
    }
}
