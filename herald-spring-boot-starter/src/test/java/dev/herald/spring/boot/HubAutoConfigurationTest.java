package dev.herald.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.Hub;
import dev.herald.hub.HubPublisher;
import dev.herald.hub.HubOptions;
import dev.herald.hub.MemoryTransport;
import dev.herald.hub.OptionValues;
import dev.herald.hub.SubscriberAccess;
import dev.herald.hub.SubscriberAuthorization;
import dev.herald.hub.Transport;
import dev.herald.hub.Update;
import dev.herald.servlet.HubServlet;
import io.micrometer.core.instrument.MeterRegistry;
import dev.herald.sqlite.SqliteTransport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.ServletRegistrationBean;

class HubAutoConfigurationTest {

    private static final String KEY = "!ChangeThisMercureHubJWTSecretKey!";
    private static final AutoConfigurations HERALD = AutoConfigurations.of(HubAutoConfiguration.class,
            HubServletAutoConfiguration.class, HubHealthAutoConfiguration.class);

    private final ApplicationContextRunner plain = new ApplicationContextRunner().withConfiguration(HERALD);
    private final WebApplicationContextRunner servlet = new WebApplicationContextRunner().withConfiguration(HERALD);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void configuresTheHubFromItsProperties() {
        plain.withPropertyValues("herald.hub.path=/hub", "herald.hub.jwt-key=" + KEY, "herald.hub.jwt-algorithm=hs256",
                "herald.hub.issuers=https://a.example,https://b.example",
                "herald.hub.jwks-uris=https://issuer.example=http://127.0.0.1:9/jwks.json",
                "herald.hub.resource-identifier=https://localhost/hub", "herald.hub.anonymous=true",
                "herald.hub.cors-origins=https://app.example", "herald.hub.history-size=5",
                "herald.hub.heartbeat=15", "herald.hub.subscriptions=true", "herald.hub.transport=memory",
                "herald.hub.max-queued-bytes=65536", "herald.hub.protocol=1.0")
                .run(context -> {
                    OptionValues options = context.getBean(OptionValues.class);
                    assertThat(options.get(HubOptions.PATH)).isEqualTo("/hub");
                    assertThat(options.get(HubOptions.ISSUERS)).containsExactly("https://a.example",
                            "https://b.example");
                    assertThat(options.get(HubOptions.HEARTBEAT)).isEqualTo(Duration.ofSeconds(15));
                    assertThat(options.get(HubOptions.MAX_QUEUED_BYTES)).isEqualTo(65536);
                    assertThat(options.toString()).doesNotContain(KEY);
                    assertThat(context).hasSingleBean(Hub.class);
                    assertThat(context.getBean(Transport.class)).isInstanceOf(MemoryTransport.class);
                });
    }

    @Test
    void defaults() {
        plain.run(context -> {
            OptionValues options = context.getBean(OptionValues.class);
            assertThat(options.names()).isEmpty();
            assertThat(options.get(HubOptions.PATH)).isEqualTo("/.well-known/mercure");
            assertThat(options.get(HubOptions.HISTORY_SIZE)).isEqualTo(10_000);
            assertThat(context.getBean(Transport.class)).isInstanceOf(MemoryTransport.class);
        });
    }

    @Test
    void aSqliteTransport(@TempDir Path directory) {
        plain.withPropertyValues("herald.hub.transport=sqlite:" + directory.resolve("history.db")).run(context -> {
            assertThat(context.getBean(Transport.class)).isInstanceOf(SqliteTransport.class);
            String id = context.getBean(HubPublisher.class).publish(Update.of("https://example.com/books/1", "sold"));
            assertThat(context.getBean(Transport.class).lastEventId()).contains(id);
        });
        assertThat(directory.resolve("history.db")).exists();
    }

    @Test
    void aBadSettingStopsTheApplicationNamingItsProperty() {
        assertRefused("herald.hub.jwt-key=short", "herald.hub.jwt-key", "32 bytes");
        assertRefused("herald.hub.jwks-uris=https://no-equals-sign", "herald.hub.jwks-uris", "ISSUER=URL");
        assertRefused("herald.hub.transport=kafka://broker", "herald.hub.transport", "sqlite:PATH");
        assertRefused("herald.hub.history-size=many", "herald.hub.history-size", "whole number");
        assertRefused("herald.hub.heartbeat=soon", "herald.hub.heartbeat", "duration");
    }

    @Test
    void aTransportThatCannotOpenStopsTheApplication(@TempDir Path directory) throws Exception {
        Path notAHistory = Files.writeString(directory.resolve("notes.txt"), "not a SQLite file");
        assertRefused("herald.hub.transport=sqlite:" + notAHistory, "herald.hub.transport", "cannot open");
    }

    private void assertRefused(String setting, String property, String saying) {
        plain.withPropertyValues(setting).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isNotNull();
            HubPropertyException refusal = findCause(context.getStartupFailure(), HubPropertyException.class);
            assertThat(refusal.property()).isEqualTo(property);
            assertThat(refusal.getMessage()).contains(property).contains(saying);
        });
    }

    static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + failure, failure);
    }

    @Test
    void aTransportBeanOfTheApplicationsIsTheHubsWhateverTheProperty() {
        MemoryTransport own = new MemoryTransport(3, 1024 * 1024);
        plain.withBean(Transport.class, () -> own).withPropertyValues("herald.hub.transport=sqlite:/nonexistent/x.db")
                .run(context -> {
                    assertThat(context.getBean(Transport.class)).isSameAs(own);
                    String id = context.getBean(Hub.class).publish(Update.of("https://example.com/books/1", "sold"));
                    assertThat(own.lastEventId()).contains(id);
                });
    }

    @Test
    void disabled() {
        plain.withPropertyValues("herald.hub.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean(Hub.class));
    }

    @Test
    void servedByTheApplicationsServletContainerAtThePath() {
        servlet.withPropertyValues("herald.hub.path=/hub").run(context -> {
            ServletRegistrationBean<?> registration = context.getBean(ServletRegistrationBean.class);
            assertThat(registration.getServlet()).isInstanceOf(HubServlet.class);
            assertThat(registration.getUrlMappings()).containsExactly("/hub", "/hub/*", "/.well-known/oauth-protected-resource/hub");
            assertThat(registration.isAsyncSupported()).isTrue();
        });
    }

    @Test
    void standaloneOnItsOwnPortWhenThePortIsSet() {
        servlet.withPropertyValues("herald.hub.port=0", "herald.hub.anonymous=true").run(context -> {
            assertThat(context).doesNotHaveBean(ServletRegistrationBean.class);
            Hub hub = context.getBean(Hub.class);
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(hub.url()
                    .replace("/.well-known/mercure", "/healthz"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        });
    }

    @Test
    void theHubIsTheApplicationsPublisher() {
        plain.run(context -> {
            HubPublisher publisher = context.getBean(HubPublisher.class);
            assertThat(publisher).isSameAs(context.getBean(Hub.class));
            String id = publisher.publish(Update.of("https://example.com/books/1", "sold"));
            assertThat(context.getBean(Transport.class).lastEventId()).contains(id);
        });
    }

    @Test
    void healthReportsTheHub() {
        plain.run(context -> {
            HubHealthIndicator indicator = context.getBean("heraldHealthIndicator", HubHealthIndicator.class);
            String id = context.getBean(Hub.class).publish(Update.of("https://example.com/books/1", "sold"));
            Health health = indicator.health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("subscribers", 0).containsEntry("lastEventId", id)
                    .containsEntry("path", "/.well-known/mercure");
        });
        plain.withPropertyValues("management.health.herald.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean("heraldHealthIndicator")
                        .doesNotHaveBean("heraldReadinessHealthIndicator")
                        .doesNotHaveBean("heraldLivenessHealthIndicator"));
    }

    @Test
    void readinessAndLivenessReportTheHub() {
        plain.run(context -> {
            HubReadinessIndicator readiness = context.getBean(HubReadinessIndicator.class);
            HubLivenessIndicator liveness = context.getBean(HubLivenessIndicator.class);
            assertThat(readiness.health().getStatus()).isEqualTo(Status.UP);
            assertThat(liveness.health().getStatus()).isEqualTo(Status.UP);
            context.getBean(Hub.class).beginDrain();
            assertThat(readiness.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(readiness.health().getDetails()).containsEntry("reason", "draining");
            assertThat(liveness.health().getStatus()).isEqualTo(Status.UP);
            context.getBean(Hub.class).close();
            assertThat(liveness.health().getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void theApplicationsAuthorizationAnswersForSubscribers() {
        // The standalone hub has no servlet principal; the application reads a header of its own instead.
        SubscriberAuthorization byHeader = request -> request.header("X-User")
                .map(user -> SubscriberAccess.topics("https://example.com/users/" + user));
        plain.withBean(SubscriberAuthorization.class, () -> byHeader).withPropertyValues("herald.hub.port=0")
                .run(context -> {
                    Hub hub = context.getBean(Hub.class);
                    String topic = "https://example.com/users/alice";
                    HttpRequest subscribe = HttpRequest.newBuilder(URI.create(hub.url() + "?match=" + topic))
                            .header("X-User", "alice").build();
                    CompletableFuture<HttpResponse<Stream<String>>> stream =
                            http.sendAsync(subscribe, HttpResponse.BodyHandlers.ofLines());
                    HttpResponse<Stream<String>> response = stream.get(10, TimeUnit.SECONDS);
                    assertThat(response.statusCode()).isEqualTo(200);
                    hub.publish(Update.builder().topic(topic).data("for alice").privateUpdate(true).build());
                    CompletableFuture<Optional<String>> data = CompletableFuture.supplyAsync(() ->
                            response.body().filter(line -> line.startsWith("data:")).findFirst());
                    assertThat(data.get(10, TimeUnit.SECONDS)).contains("data: for alice");
                });
        plain.withPropertyValues("herald.hub.port=0").run(context -> {
            Hub hub = context.getBean(Hub.class);
            HttpResponse<Void> refused = http.send(HttpRequest.newBuilder(URI.create(hub.url() + "?match=x"))
                    .header("X-User", "alice").build(), HttpResponse.BodyHandlers.discarding());
            assertThat(refused.statusCode()).isEqualTo(401);
        });
    }

    @Test
    void closingTheApplicationEndsTheStreamsOfAHubOnItsOwnPort() {
        plain.withPropertyValues("herald.hub.port=0", "herald.hub.anonymous=true").run(context -> {
            Hub hub = context.getBean(Hub.class);
            HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(URI.create(hub.url() + "?match=x"))
                    .build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(stream.statusCode()).isEqualTo(200);
            context.close();
            // The stream ends, cleanly or as a closed connection, rather than lasting until its subscriber leaves.
            CompletableFuture<Boolean> ended = CompletableFuture.supplyAsync(() -> stream.body().count())
                    .handle((lines, closed) -> true);
            assertThat(ended.get(10, TimeUnit.SECONDS)).isTrue();
        });
    }

    @Test
    void theHubsLifecycleSharesThePhaseOfTheServersGracefulShutdown() {
        assertThat(HubLifecycle.PHASE).isEqualTo(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE);
    }

    @Test
    void customizersAdjustTheHubAfterTheProperties() {
        plain.withPropertyValues("herald.hub.port=0", "herald.hub.path=/from-properties")
                .withBean("first", HubBuilderCustomizer.class, () -> builder -> builder.path("/customized"))
                .run(context -> assertThat(context.getBean(Hub.class).url()).endsWith("/customized"));
    }

    @Test
    void theHubsMetersJoinTheApplicationsRegistry() {
        plain.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            List<String> names = registry.getMeters().stream().map(meter -> meter.getId().getName()).toList();
            assertThat(names).contains("herald.subscribers", "herald.publishes");
        });
    }
}
