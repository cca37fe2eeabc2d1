package dev.herald.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The hub names its options as the front-end that runs it does. */
class OptionNamingTest {

    @Test
    void eachFrontEndSpellsOptionsItsOwnWay() {
        assertThat(OptionNaming.commandLine().nameOf(HubOptions.ISSUERS)).isEqualTo("--issuer");
        assertThat(OptionNaming.properties("herald.hub").nameOf(HubOptions.ISSUERS)).isEqualTo("herald.hub.issuers");
    }

    @Test
    void aRefusalNamesTheOptionThatWouldAllowIt() throws Exception {
        try (Hub hub = HubFixture.builder().optionNaming(OptionNaming.properties("herald.hub")).build().start()) {
            HttpResponse<String> off = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(hub.url() + "/subscriptions")).header("Authorization", "Bearer "
                    + Tokens.hs256(java.util.List.of(), java.util.List.of("*"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(off.statusCode()).isEqualTo(404);
            assertThat(off.body()).contains("herald.hub.subscriptions");
        }
    }
}
