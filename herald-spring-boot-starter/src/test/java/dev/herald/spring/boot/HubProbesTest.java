package dev.herald.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.Hub;
import dev.herald.spring.boot.apps.publishing.PublishingApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The hub in Spring Boot's probe groups, asked over HTTP of an application on its real Tomcat: {@code heraldReadiness}
 * and {@code heraldLiveness} are members of {@code readiness} and {@code liveness}, readiness turns
 * {@code OUT_OF_SERVICE} (503) once the hub's drain begins while liveness stays up, and a group whose members the
 * application lists itself is left as it is.
 */
class HubProbesTest {

    private static final String[] PROBES = {"--server.port=0", "--server.address=127.0.0.1",
        "--herald.hub.anonymous=true", "--management.endpoint.health.probes.enabled=true",
        "--management.endpoint.health.show-details=always",
        "--management.endpoint.health.probes.add-additional-paths=true"};

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theHubJoinsTheProbeGroupsAndReadinessTurnsOutOfServiceOnceItDrains() throws Exception {
        try (ConfigurableApplicationContext application = start(PROBES)) {
            HealthEndpointGroups groups = application.getBean(HealthEndpointGroups.class);
            assertThat(groups.get("readiness").isMember("heraldReadiness")).isTrue();
            assertThat(groups.get("readiness").isMember("readinessState")).isTrue();
            assertThat(groups.get("liveness").isMember("heraldLiveness")).isTrue();
            assertThat(groups.get("liveness").isMember("livenessState")).isTrue();
            assertThat(groups.get("liveness").isMember("heraldReadiness")).isFalse();
            assertThat(probe(application, "readiness", 200).path("status").asString()).isEqualTo("UP");
            assertThat(probe(application, "liveness", 200).path("status").asString()).isEqualTo("UP");

            Hub hub = application.getBean(Hub.class);
            hub.beginDrain();
            // Boot's readinessState is still up (the context is not closing): the hub's member makes it 503.
            assertThat(probe(application, "readiness", 503).path("status").asString()).isEqualTo("OUT_OF_SERVICE");
            assertThat(probe(application, "heraldReadiness", 503).path("details").path("reason").asString())
                    .isEqualTo("draining");
            assertThat(probe(application, "liveness", 200).path("status").asString()).isEqualTo("UP");
            // Boot's additional paths are still served.
            assertThat(get(application, "/readyz").statusCode()).isEqualTo(503);
            assertThat(get(application, "/livez").statusCode()).isEqualTo(200);

            hub.close(); // its loops stop: the hub no longer serves
            assertThat(probe(application, "liveness", 503).path("status").asString()).isEqualTo("DOWN");
        }
    }

    @Test
    void aGroupWhoseMembersTheApplicationListsIsLeftAsItIs() throws Exception {
        String[] args = concat(PROBES, "--management.endpoint.health.group.readiness.include=readinessState");
        try (ConfigurableApplicationContext application = start(args)) {
            HealthEndpointGroups groups = application.getBean(HealthEndpointGroups.class);
            assertThat(groups.get("readiness").isMember("heraldReadiness")).isFalse();
            assertThat(groups.get("liveness").isMember("heraldLiveness")).isTrue();
            application.getBean(Hub.class).beginDrain();
            assertThat(probe(application, "readiness", 200).path("components").has("heraldReadiness")).isFalse();
        }
    }

    private static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(PublishingApplication.class).run(args);
    }

    private JsonNode probe(ConfigurableApplicationContext application, String group, int status) throws Exception {
        HttpResponse<String> response = get(application, "/actuator/health/" + group);
        assertThat(response.statusCode()).as("%s: %s", group, response.body()).isEqualTo(status);
        return json.readTree(response.body());
    }

    private HttpResponse<String> get(ConfigurableApplicationContext application, String path) throws Exception {
        int port = ((WebServerApplicationContext) application).getWebServer().getPort();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String[] concat(String[] args, String more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = more;
        return all;
    }
}
