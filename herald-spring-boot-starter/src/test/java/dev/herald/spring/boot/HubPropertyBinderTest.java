package dev.herald.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.hub.HubOption;
import dev.herald.hub.HubOptions;
import dev.herald.hub.OptionValues;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** How {@code herald.hub.*} becomes the hub's option values. */
@ExtendWith(OutputCaptureExtension.class)
class HubPropertyBinderTest {

    private final Map<String, Object> properties = new HashMap<>();
    private final Map<String, Object> variables = new HashMap<>();

    private OptionValues bind() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        variables));
        return new HubPropertyBinder(environment, HubPropertyNames.catalog()).bind();
    }

    /** Whichever front-end an option is added to, the starter binds it: every option of the catalog is a property. */
    @Test
    void everyOptionOfTheCatalogIsAProperty() {
        List<HubOption<?>> catalog = HubPropertyNames.catalog();
        for (HubOption<?> option : catalog) {
            properties.put(HubPropertyNames.of(option), sample(option));
        }
        OptionValues values = bind();
        for (HubOption<?> option : catalog) {
            assertThat(values.isSet(option)).as(option.name()).isTrue();
            assertThat(values.get(option)).as(option.name()).isEqualTo(option.parse(sample(option)));
        }
    }

    private static String sample(HubOption<?> option) {
        if (option.isList()) {
            return "first,second";
        }
        if (option.type() == Boolean.class) {
            return "true";
        }
        if (option.type() == Integer.class || option.type() == Long.class || option.type() == Duration.class) {
            return "7";
        }
        return "sample-value-of-" + option.name();
    }

    @Test
    void aDurationReadsAsOnTheCommandLineABareNumberBeingSeconds() {
        properties.put("herald.hub.heartbeat", "20");
        properties.put("herald.hub.jwks-refresh", "1.5");
        properties.put("herald.hub.jwks-min-refresh", "500ms");
        properties.put("herald.hub.history-max-age", "PT2H");
        OptionValues values = bind();
        assertThat(values.get(HubOptions.HEARTBEAT)).isEqualTo(Duration.ofSeconds(20));
        assertThat(values.get(HubOptions.JWKS_REFRESH)).isEqualTo(Duration.ofMillis(1500));
        assertThat(values.get(HubOptions.JWKS_MIN_REFRESH)).isEqualTo(Duration.ofMillis(500));
        assertThat(values.get(HubOptions.HISTORY_MAX_AGE)).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void aListIsCommaSeparatedOrIndexed() {
        properties.put("herald.hub.cors-origins", "https://a.example, https://b.example");
        properties.put("herald.hub.issuers[0]", "https://one.example");
        properties.put("herald.hub.issuers[1]", "https://two.example");
        OptionValues values = bind();
        assertThat(values.get(HubOptions.CORS_ORIGINS)).containsExactly("https://a.example", "https://b.example");
        assertThat(values.get(HubOptions.ISSUERS)).containsExactly("https://one.example", "https://two.example");
    }

    @Test
    void relaxedNamesAndEnvironmentVariablesAreKnown() {
        properties.put("herald.hub.corsOrigins", "https://a.example");
        properties.put("herald.hub.max_selectors", "3");
        variables.put("HERALD_HUB_HISTORY_SIZE", "42");
        variables.put("HERALD_HUB_ISSUERS_0_", "https://one.example");
        OptionValues values = bind();
        assertThat(values.get(HubOptions.CORS_ORIGINS)).containsExactly("https://a.example");
        assertThat(values.get(HubOptions.MAX_SELECTORS)).isEqualTo(3);
        assertThat(values.get(HubOptions.HISTORY_SIZE)).isEqualTo(42);
        assertThat(values.get(HubOptions.ISSUERS)).containsExactly("https://one.example");
    }

    @Test
    void aPropertyNoOptionHasStopsTheStartNamingTheNearestOne() {
        properties.put("herald.hub.cors-origin", "https://a.example");
        assertThatThrownBy(this::bind).isInstanceOf(HubPropertyException.class)
                .hasMessageContaining("herald.hub.cors-origin is not a property")
                .satisfies(e -> assertThat(((HubPropertyException) e).action())
                        .startsWith("Did you mean herald.hub.cors-origins?"));
        properties.clear();
        variables.put("HERALD_HUB_HISTORYSIZE", "5");
        variables.put("HERALD_HUB_HISTORY_SIZES", "5");
        assertThatThrownBy(this::bind).isInstanceOf(HubPropertyException.class)
                .hasMessageContaining("herald.hub.history-sizes is not a property")
                .satisfies(e -> assertThat(((HubPropertyException) e).action())
                        .startsWith("Did you mean herald.hub.history-size?"));
    }

    @Test
    void anUnresolvedPlaceholderStopsTheStartNamingThePropertyAndTheVariable() {
        properties.put("herald.hub.jwt-key", "${SOME_UNSET_VARIABLE_THAT_IS_LONGER_THAN_32_CHARACTERS}");
        assertThatThrownBy(this::bind).isInstanceOf(HubPropertyException.class)
                .hasMessageContaining("herald.hub.jwt-key")
                .hasMessageContaining("SOME_UNSET_VARIABLE_THAT_IS_LONGER_THAN_32_CHARACTERS");
        properties.put("herald.hub.jwt-key", "${mercure.key}");
        assertThatThrownBy(this::bind).isInstanceOf(HubPropertyException.class)
                .hasMessageContaining("environment variable MERCURE_KEY");
        properties.put("herald.hub.jwt-key", "${mercure.key}");
        properties.put("mercure.key", "a-real-secret-of-at-least-32-characters");
        assertThat(bind().get(HubOptions.JWT_KEY)).isEqualTo("a-real-secret-of-at-least-32-characters");
    }

    @Test
    void aBlankValueLeavesTheDefault() {
        properties.put("herald.hub.jwt-key", "${UNSET_KEY_VARIABLE:}");
        properties.put("herald.hub.history-size", " ");
        OptionValues values = bind();
        assertThat(values.isSet(HubOptions.JWT_KEY)).isFalse();
        assertThat(values.get(HubOptions.HISTORY_SIZE)).isEqualTo(10_000);
    }

    @Test
    void aSecretThatIsObviouslyNoneStopsTheStart() {
        for (String notASecret : List.of("<your-mercure-key-of-32-characters-or-more>", "x".repeat(40))) {
            properties.put("herald.hub.publisher-jwt-key", notASecret);
            assertThatThrownBy(this::bind).isInstanceOf(HubPropertyException.class)
                    .hasMessageContaining("herald.hub.publisher-jwt-key is not a secret")
                    .hasMessageNotContaining(notASecret);
        }
    }

    @Test
    void optionsOfAHubOnItsOwnPortAreReportedWhenTheApplicationsServerServesIt(CapturedOutput output) {
        properties.put("herald.hub.max-connections", "10");
        bind();
        assertThat(output).contains("herald.hub.max-connections has no effect");
        properties.put("herald.hub.port", "0");
        properties.put("herald.hub.request-head-timeout", "5");
        bind();
        assertThat(output).doesNotContain("herald.hub.request-head-timeout has no effect");
    }
}
