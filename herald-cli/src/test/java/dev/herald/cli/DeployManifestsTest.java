package dev.herald.cli;

import static dev.herald.cli.ManifestYaml.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.Hub;
import dev.herald.hub.HubOption;
import dev.herald.hub.HubOptions;
import dev.herald.hub.MemoryTransport;
import dev.herald.testsupport.TestHub;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The deployment examples of docs/deploy.md agree with the hub: the Kubernetes probes ask routes the hub answers, the
 * ports line up from the container to the Service and the Ingress, every {@code HERALD_} variable they (or the guide)
 * name is one {@code herald serve} reads, and whoever stops the hub (the kubelet, systemd) waits longer than its drain.
 */
class DeployManifestsTest {

    private static final Path DEPLOY = Path.of("..", "docs", "deploy");
    /** How long a draining hub waits, after its streams, for the publishes it accepted (Drain's grace). */
    private static final Duration PUBLISH_GRACE = Duration.ofSeconds(5);
    /** What the JVM's exit may take beyond the drain. */
    private static final Duration MARGIN = Duration.ofSeconds(5);

    private static Map<String, Object> manifest(String file, String kind) throws IOException {
        List<Map<String, Object>> documents = ManifestYaml.documents(
                Files.readString(DEPLOY.resolve("kubernetes").resolve(file)));
        return documents.stream().filter(document -> kind.equals(document.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError(file + " holds no " + kind));
    }

    private static Map<String, Object> container() throws IOException {
        return map(at(manifest("deployment.yaml", "Deployment"), "spec", "template", "spec", "containers", 0));
    }

    /** The container's environment, name to value (a reference to a secret as {@code secret:NAME/KEY}). */
    private static Map<String, String> environment() throws IOException {
        return ((List<?>) at(container(), "env").orElseThrow()).stream().map(DeployManifestsTest::map)
                .collect(Collectors.toMap(variable -> (String) variable.get("name"), variable -> variable
                        .containsKey("value") ? (String) variable.get("value") : "secret:" + at(variable, "valueFrom",
                        "secretKeyRef", "name").orElseThrow() + "/" + at(variable, "valueFrom", "secretKeyRef", "key")
                        .orElseThrow()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return (Map<String, Object>) (node instanceof java.util.Optional<?> optional ? optional.orElseThrow() : node);
    }

    private static int seconds(Map<String, Object> probe, String field, int kubernetesDefault) {
        return at(probe, field).map(value -> Integer.parseInt((String) value)).orElse(kubernetesDefault);
    }

    /** The drain's delay and time as the manifest's variables set them, else as the hub's defaults are. */
    private static Duration drain(Map<String, String> variables) {
        return setting(variables, HubOptions.DRAIN_DELAY).plus(setting(variables, HubOptions.DRAIN_TIME));
    }

    private static Duration setting(Map<String, String> variables, HubOption<Duration> option) {
        String value = variables.get(option.environmentVariable());
        return value == null ? option.defaultValue().orElseThrow() : option.parse(value);
    }

    @Test
    void theProbesAskRoutesTheHubAnswers() throws Exception {
        Map<String, Object> container = container();
        String live = (String) at(container, "livenessProbe", "httpGet", "path").orElseThrow();
        String ready = (String) at(container, "readinessProbe", "httpGet", "path").orElseThrow();
        String startup = (String) at(container, "startupProbe", "httpGet", "path").orElseThrow();
        assertThat(live).isEqualTo(startup).isEqualTo("/healthz/live");
        assertThat(ready).isEqualTo("/healthz/ready");

        HttpClient client = HttpClient.newHttpClient();
        try (Hub hub = TestHub.start(new MemoryTransport(100))) {
            URI root = URI.create(hub.url()).resolve("/");
            for (String path : List.of(live, ready)) {
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(root.resolve(path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
            }
            assertThat(client.send(HttpRequest.newBuilder(root.resolve("/healthz/nothing")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).as("a path that is no route").isEqualTo(404);
        }
    }

    @Test
    void thePortsLineUpFromTheHubToTheIngress() throws IOException {
        Map<String, Object> container = container();
        Map<String, Object> port = map(at(container, "ports", 0));
        int containerPort = Integer.parseInt((String) port.get("containerPort"));
        String addr = environment().get("HERALD_ADDR");
        assertThat(addr).as("the hub listens on every interface of the pod").startsWith("0.0.0.0:");
        assertThat(Integer.parseInt(addr.substring(addr.lastIndexOf(':') + 1))).isEqualTo(containerPort);
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(at(container, probe, "httpGet", "port").orElseThrow()).as(probe)
                    .isIn(port.get("name"), Integer.toString(containerPort));
        }

        Map<String, Object> service = manifest("service.yaml", "Service");
        Map<String, Object> servicePort = map(at(service, "spec", "ports", 0));
        assertThat(servicePort.get("targetPort")).isIn(port.get("name"), Integer.toString(containerPort));
        Map<String, Object> podLabels = map(at(manifest("deployment.yaml", "Deployment"), "spec", "template",
                "metadata", "labels"));
        assertThat(podLabels).containsAllEntriesOf(map(at(service, "spec", "selector")));
        assertThat(podLabels).containsAllEntriesOf(map(at(manifest("pdb.yaml", "PodDisruptionBudget"), "spec",
                "selector", "matchLabels")));

        Map<String, Object> backend = map(at(manifest("ingress.yaml", "Ingress"), "spec", "rules", 0, "http", "paths",
                0, "backend", "service"));
        assertThat(backend.get("name")).isEqualTo(at(service, "metadata", "name").orElseThrow());
        assertThat(at(backend, "port", "name").orElseThrow()).isEqualTo(servicePort.get("name"));
    }

    @Test
    void everyHeraldVariableNamedIsOneThatServeReads() throws IOException {
        Set<String> read = HubOptions.withTransports().stream().map(HubOption::environmentVariable)
                .collect(Collectors.toCollection(TreeSet::new));
        read.add("HERALD_ADDR"); // serve's --addr, the host and port options at once
        Set<String> named = new TreeSet<>();
        try (var files = Files.walk(DEPLOY)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                named.addAll(variables(Files.readString(file)));
            }
        }
        named.addAll(variables(Files.readString(DEPLOY.resolveSibling("deploy.md"))));
        assertThat(named).isNotEmpty();
        assertThat(read).containsAll(named);
        assertThat(environment()).as("the transport comes from a secret: a Redis or PostgreSQL URL with its password")
                .containsKey(HubOptions.TRANSPORT.environmentVariable())
                .containsEntry(HubOptions.TRANSPORT.environmentVariable(), "secret:herald/transport");
    }

    private static Set<String> variables(String text) {
        Set<String> found = new TreeSet<>();
        Matcher variable = Pattern.compile("\\bHERALD_[A-Z0-9_]+").matcher(text);
        while (variable.find()) {
            found.add(variable.group());
        }
        return found;
    }

    @Test
    void theKubeletWaitsLongerThanTheDrainAndNoProbeCutsItShort() throws IOException {
        Map<String, String> variables = environment();
        Duration drain = drain(variables);
        Map<String, Object> pod = map(at(manifest("deployment.yaml", "Deployment"), "spec", "template", "spec"));
        Duration grace = Duration.ofSeconds(Long.parseLong((String) pod.get("terminationGracePeriodSeconds")));
        assertThat(grace).as("terminationGracePeriodSeconds against the drain (%s), the publishes' grace and a margin",
                drain).isGreaterThanOrEqualTo(drain.plus(PUBLISH_GRACE).plus(MARGIN));
        // The hub's own drain delay is the wait a preStop sleep would give the endpoints' removal; a preStop would
        // also spend the grace period before SIGTERM.
        assertThat(at(container(), "lifecycle", "preStop")).isEmpty();

        Map<String, Object> readiness = map(at(container(), "readinessProbe"));
        Duration notReadyWithin = Duration.ofSeconds((long) seconds(readiness, "periodSeconds", 10)
                * seconds(readiness, "failureThreshold", 3));
        assertThat(notReadyWithin).as("readiness is seen to fail while the hub still serves")
                .isLessThanOrEqualTo(setting(variables, HubOptions.DRAIN_DELAY));
        Map<String, Object> liveness = map(at(container(), "livenessProbe"));
        Duration restartedAfter = Duration.ofSeconds((long) seconds(liveness, "periodSeconds", 10)
                * seconds(liveness, "failureThreshold", 3));
        assertThat(restartedAfter).as("no liveness failure ends a drain").isGreaterThan(drain);
        Map<String, Object> rollingUpdate = map(at(manifest("deployment.yaml", "Deployment"), "spec", "strategy",
                "rollingUpdate"));
        assertThat(rollingUpdate).as("a new pod is ready before an old one drains")
                .containsEntry("maxUnavailable", "0");
    }

    @Test
    void systemdWaitsLongerThanTheDrainWithSigterm() throws IOException {
        Map<String, String> unit = new java.util.LinkedHashMap<>();
        Map<String, String> variables = new java.util.HashMap<>();
        for (String line : Files.readAllLines(DEPLOY.resolve("herald.service"))) {
            int equals = line.indexOf('=');
            if (line.startsWith("#") || equals < 0) {
                continue;
            }
            String key = line.substring(0, equals);
            String value = line.substring(equals + 1);
            if (key.equals("Environment")) {
                variables.put(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
            } else {
                unit.put(key, value);
            }
        }
        assertThat(unit).containsEntry("KillSignal", "SIGTERM").containsKey("Restart").containsKey("LimitNOFILE");
        assertThat(unit.get("ExecStart")).as("the JVM itself, so that it gets the signal").contains(" -jar ")
                .endsWith(" serve");
        assertThat(Long.parseLong(unit.get("LimitNOFILE"))).isGreaterThanOrEqualTo(10_000);
        assertThat(unit.get("SuccessExitStatus")).as("the JVM's exit status after SIGTERM").contains("143");
        Duration stop = Duration.ofSeconds(Long.parseLong(unit.get("TimeoutStopSec")));
        assertThat(stop).isGreaterThanOrEqualTo(drain(variables).plus(PUBLISH_GRACE).plus(MARGIN));
    }
}
