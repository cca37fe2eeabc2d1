package dev.herald.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.herald.hub.Hub;
import dev.herald.hub.Transport;
import dev.herald.hub.Update;
import dev.herald.postgres.PostgresTransport;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code herald.hub.transport=datasource}: the hub logs to the application's own PostgreSQL through its DataSource
 * bean, in {@code herald.hub.postgres-table}. Against the machine's PostgreSQL ({@code POSTGRES_JDBC_URL}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}); skipped without it, failed under {@code CI=true}.
 */
class HubDataSourceTransportTest {

    private static final String URL = System.getenv().getOrDefault("POSTGRES_JDBC_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(HubDataSourceTransportAutoConfiguration.class, HubAutoConfiguration.class));
    private HikariDataSource dataSource;
    private String table;

    @BeforeEach
    void setUp() {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(URL);
        dataSource.setMaximumPoolSize(4);
        dataSource.setConnectionTimeout(2_000);
        dataSource.setInitializationFailTimeout(-1);
        try (Connection connection = dataSource.getConnection()) {
            connection.isValid(2);
        } catch (Exception e) {
            dataSource.close();
            String reason = "no PostgreSQL answers at " + URL + " (set POSTGRES_JDBC_URL)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(reason + "; CI=true, so this is a failure rather than a skip", e);
            }
            Assumptions.abort(reason);
        }
        table = "herald_starter_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (table != null) {
            // The context closed the application's DataSource after the hub (and its transport): a new pool drops.
            try (HikariDataSource again = new HikariDataSource()) {
                again.setJdbcUrl(URL);
                PostgresTransport.drop(again, table);
            }
        }
        dataSource.close();
    }

    @Configuration(proxyBeanMethods = false)
    static class Application {
        static DataSource shared;

        @Bean
        DataSource dataSource() {
            return shared;
        }
    }

    @Test
    void theHubLogsToTheApplicationsDataSource() {
        Application.shared = dataSource;
        runner.withUserConfiguration(Application.class)
                .withPropertyValues("herald.hub.transport=datasource", "herald.hub.postgres-table=" + table,
                        "herald.hub.history-size=100")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Transport.class)).isInstanceOf(PostgresTransport.class);
                    Hub hub = context.getBean(Hub.class);
                    hub.publish(Update.builder().id("from-spring").topic("https://example.com/t").data("d").build());
                    try (Connection connection = context.getBean(DataSource.class).getConnection();
                            Statement statement = connection.createStatement();
                            ResultSet row = statement.executeQuery("SELECT id FROM " + table)) {
                        assertThat(row.next()).isTrue();
                        assertThat(row.getString(1)).isEqualTo("from-spring");
                    }
                });
    }

    @Test
    void withoutADataSourceTheStartSaysWhatIsMissing() {
        table = null;
        runner.withPropertyValues("herald.hub.transport=datasource").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("no DataSource bean");
        });
    }
}
