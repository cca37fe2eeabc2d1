package dev.herald.spring.boot.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The sample, started on its real Tomcat with a wrong setting, does not start, and Spring Boot's failure analysis
 * says which {@code herald.hub} property is wrong and what to do.
 */
@ExtendWith(OutputCaptureExtension.class)
class SampleStartupTest {

    private static void start(String setting) {
        SpringApplication.run(SampleApplication.class, "--server.port=0", "--server.address=127.0.0.1", setting);
    }

    @Test
    void aKeyLeftAsAnUnresolvedPlaceholderStopsTheStart(CapturedOutput output) {
        assertThatThrownBy(() -> start("--herald.hub.jwt-key=${SOME_UNSET_VARIABLE_THAT_IS_LONGER_THAN_32_CHARACTERS}"))
                .isNotNull();
        assertThat(output).contains("APPLICATION FAILED TO START", "Description:", "Action:",
                "herald.hub.jwt-key is set to the placeholder ${SOME_UNSET_VARIABLE_THAT_IS_LONGER_THAN_32_CHARACTERS}",
                "Set the environment variable SOME_UNSET_VARIABLE_THAT_IS_LONGER_THAN_32_CHARACTERS");
    }

    @Test
    void theCommandLinesSingularForAListStopsTheStartNamingTheProperty(CapturedOutput output) {
        assertThatThrownBy(() -> start("--herald.hub.cors-origin=https://app.example")).isNotNull();
        assertThat(output).contains("APPLICATION FAILED TO START", "herald.hub.cors-origin is not a property",
                "Did you mean herald.hub.cors-origins?");
    }

    @Test
    void aValueTheHubRefusesStopsTheStartNamingTheProperty(CapturedOutput output) {
        assertThatThrownBy(() -> start("--herald.hub.jwt-key=short")).isNotNull();
        assertThat(output).contains("APPLICATION FAILED TO START", "herald.hub.jwt-key: HS256", "Correct "
                + "herald.hub.jwt-key.").doesNotContain("Caused by");
    }
}
