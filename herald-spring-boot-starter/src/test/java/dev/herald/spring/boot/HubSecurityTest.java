package dev.herald.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.KeySpec;
import dev.herald.hub.MercureToken;
import dev.herald.spring.boot.apps.secured.SecuredApplication;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A new application with Spring Security's defaults and the starter, on its real Tomcat: subscribers (anonymous and
 * with a token), publishers and the subscriptions API reach the hub, with no firewall or Tomcat setting touched,
 * while the application's own endpoints stay behind its login and CSRF protection.
 */
@SpringBootTest(classes = SecuredApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "herald.hub.jwt-key=" + HubSecurityTest.KEY,
            "herald.hub.anonymous=true", "herald.hub.subscriptions=true"})
class HubSecurityTest {

    static final String KEY = "!ChangeThisMercureHubJWTSecretKey!";
    private static final String TOPIC = "https://example.com/books/1";
    private static final String HUB = "/.well-known/mercure";

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String token(boolean publisher) {
        MercureToken.Builder token = MercureToken.builder();
        return (publisher ? token.publish("*") : token.subscribe("*")).sign(KeySpec.hmac(KEY));
    }

    @Test
    void subscribersPublishersAndTheSubscriptionsApiReachTheHub() throws Exception {
        HttpResponse<InputStream> anonymous = http.send(HttpRequest.newBuilder(uri(HUB + "?topic="
                + URLEncoder.encode(TOPIC, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(anonymous.statusCode()).isEqualTo(200);
        HttpResponse<InputStream> withToken = http.send(HttpRequest.newBuilder(uri(HUB + "?match="
                + URLEncoder.encode(TOPIC, StandardCharsets.UTF_8))).header("Authorization", "Bearer " + token(false))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(withToken.statusCode()).isEqualTo(200);
        CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> firstData(anonymous.body()));

        HttpResponse<String> published = http.send(HttpRequest.newBuilder(uri(HUB))
                .header("Authorization", "Bearer " + token(true))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("topic=" + URLEncoder.encode(TOPIC, StandardCharsets.UTF_8)
                        + "&data=sold")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("sold");

        HttpResponse<String> all = subscriptions("");
        assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
        assertThat(all.body()).contains(TOPIC);
        HttpResponse<String> forTheTopic = subscriptions("?match=" + URLEncoder.encode(TOPIC, StandardCharsets.UTF_8));
        assertThat(forTheTopic.statusCode()).as(forTheTopic.body()).isEqualTo(200);
        assertThat(forTheTopic.body()).contains("\"match\":\"" + TOPIC + "\"").doesNotContain("\"topic\"");
        Matcher subscriber = Pattern.compile("\"subscriber\":\"(urn:uuid:[^\"]+)\"")
                .matcher(forTheTopic.body());
        assertThat(subscriber.find()).isTrue();
        HttpResponse<String> one = subscriptions("?match=" + URLEncoder.encode(TOPIC, StandardCharsets.UTF_8)
                + "&subscriber=" + URLEncoder.encode(subscriber.group(1), StandardCharsets.UTF_8));
        assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
        assertThat(one.body()).contains("\"type\":\"subscription\"", subscriber.group(1));
        HttpResponse<String> legacy = subscriptions("?topic=" + URLEncoder.encode(TOPIC, StandardCharsets.UTF_8));
        assertThat(legacy.statusCode()).as(legacy.body()).isEqualTo(200);
        assertThat(legacy.body()).contains("\"topic\":\"" + TOPIC + "\"");

        HttpResponse<String> metadata = http.send(HttpRequest.newBuilder(uri("/.well-known/oauth-protected-resource"
                + HUB)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metadata.statusCode()).isEqualTo(200);
        anonymous.body().close();
        withToken.body().close();
    }

    @Test
    void withoutATokenTheHubAnswersItselfNotALoginPage() throws Exception {
        HttpResponse<String> publish = http.send(HttpRequest.newBuilder(uri(HUB))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("topic=x&data=y")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(publish.statusCode()).isEqualTo(401);
        assertThat(publish.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value ->
                assertThat(value).startsWith("Bearer"));
    }

    @Test
    void theRestOfTheApplicationIsNotWeakened() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri("/account")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(401);
        HttpResponse<String> change = http.send(HttpRequest.newBuilder(uri("/account"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "user:wrong".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(change.statusCode()).isIn(401, 403);
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(uri("/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        HttpResponse<String> info = http.send(HttpRequest.newBuilder(uri("/actuator/info")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(info.statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> subscriptions(String query) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(HUB + "/subscriptions" + query))
                .header("Authorization", "Bearer " + token(false)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String firstData(InputStream body) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("data: ")) {
                    return line.substring(6);
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
