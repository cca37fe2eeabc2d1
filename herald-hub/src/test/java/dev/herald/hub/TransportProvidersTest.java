package dev.herald.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.hub.internal.memory.MemoryTransportProvider;
import org.junit.jupiter.api.Test;

class TransportProvidersTest {

    @Test
    void findsTheMemoryTransportByItsName() {
        TransportProviders installed = TransportProviders.installed();
        assertThat(installed.providerOf(" memory ")).isInstanceOf(MemoryTransportProvider.class);
        try (Transport transport = installed.open(OptionValues.builder().set(HubOptions.HISTORY_SIZE, 5).build())) {
            assertThat(transport).isInstanceOf(MemoryTransport.class);
        }
    }

    @Test
    void anUnknownNameListsTheInstalledFormsAndNeverRepeatsCredentials() {
        assertThatThrownBy(() -> TransportProviders.installed().providerOf("kafka://broker"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown transport kafka://broker; installed: memory");
        assertThatThrownBy(() -> TransportProviders.installed().providerOf("amqp://user:secret@broker"))
                .hasMessageNotContaining("secret");
    }

    @Test
    void theBuilderOpensTheNamedTransportAndNamesTheOptionItRefuses() {
        assertThatThrownBy(() -> Hub.builder().options(OptionValues.builder()
                .parse(HubOptions.TRANSPORT, "nowhere:at-all").build()).build())
                .isInstanceOf(InvalidOptionException.class)
                .satisfies(e -> assertThat(((InvalidOptionException) e).option()).isEqualTo(HubOptions.TRANSPORT));
        assertThatThrownBy(() -> Hub.builder().options(OptionValues.builder()
                .parse(HubOptions.JWT_KEY, "short").build()))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("32 bytes")
                .satisfies(e -> assertThat(((InvalidOptionException) e).option()).isEqualTo(HubOptions.JWT_KEY));
    }

    @Test
    void everyOptionHasHelpAndADistinctName() {
        assertThat(HubOptions.withTransports()).extracting(HubOption::name).doesNotHaveDuplicates();
        assertThat(HubOptions.withTransports()).allSatisfy(option -> assertThat(option.help()).endsWith("."));
        assertThat(HubOptions.HEARTBEAT.defaultText()).isEqualTo("40s");
        assertThat(HubOptions.CORS_ORIGINS.environmentVariable()).isEqualTo("HERALD_CORS_ORIGIN");
    }
}
