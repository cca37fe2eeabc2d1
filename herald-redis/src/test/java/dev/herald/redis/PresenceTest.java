package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.core.MessageEvent;
import dev.herald.hub.Hub;
import dev.herald.testsupport.HubProcess;
import dev.herald.testsupport.PrivateRedis;
import dev.herald.testsupport.SseSubscriber;
import dev.herald.testsupport.TestHub;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The subscriptions API and events across nodes: a subscriber on node A (a JVM of its own) is listed by node B; when
 * A is SIGKILLed, a watcher of subscription events on B receives the end of A's subscription once, within twice the
 * presence time-to-live, and B lists it no more.
 */
class PresenceTest {

    private static final Duration TTL = Duration.ofMillis(1_000);
    private static final String TOPIC = "https://example.com/presence";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final Opened opened = new Opened();

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anotherNodeListsASubscriberAndAnnouncesItsEndOnceWhenItsNodeDies() throws Exception {
        PrivateRedis redis = opened.track(PrivateRedis.start());
        HubProcess a = opened.track(HubProcess.start(PresenceNodeMain.class, redis.url(), Long.toString(TTL.toMillis())));
        Hub b = opened.track(PresenceNodeMain.start(redis.url(), TTL));
        Map<String, String> auth = Map.of("Authorization", "Bearer " + subscriberToken());
        SseSubscriber watcher = opened.track(SseSubscriber.open(b.url() + "?topic=*", auth));
        assertThat(watcher.status()).isEqualTo(200);

        SseSubscriber onA = opened.track(SseSubscriber.open(a.url() + "?topic="
                + URLEncoder.encode(TOPIC, StandardCharsets.UTF_8), Map.of()));
        assertThat(onA.status()).isEqualTo(200);
        JsonNode opened = nextSubscriptionEvent(watcher, 10_000);
        while (!opened.path("topic").asText().equals(TOPIC)) {
            opened = nextSubscriptionEvent(watcher, 10_000); // the watcher's own subscription comes first
        }
        assertThat(opened.path("active").asBoolean()).isTrue();
        String subscriber = opened.path("subscriber").asText();

        JsonNode listed = list(b.url(), auth);
        assertThat(subscribers(listed)).as(listed.toString()).contains(subscriber);

        a.kill();
        long killed = System.nanoTime();
        JsonNode ended = nextSubscriptionEvent(watcher, 10_000);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        assertThat(ended.path("subscriber").asText()).isEqualTo(subscriber);
        assertThat(ended.path("active").asBoolean()).isFalse();
        assertThat(ended.path("topic").asText()).isEqualTo(TOPIC);
        assertThat(tookMillis).as("announced within twice the time-to-live").isLessThanOrEqualTo(2 * TTL.toMillis());
        assertThat(watcher.poll(3 * TTL.toMillis())).as("announced once").isNull();
        assertThat(subscribers(list(b.url(), auth))).doesNotContain(subscriber);
        System.out.printf("presence: the end of a killed node's subscription announced %d ms after the kill"
                + " (time-to-live %d ms)%n", tookMillis, TTL.toMillis());
    }

    private static JsonNode nextSubscriptionEvent(SseSubscriber watcher, long millis) throws Exception {
        MessageEvent event = watcher.poll(millis);
        assertThat(event).as("a subscription event").isNotNull();
        return JSON.readTree(event.data());
    }

    private static JsonNode list(String hubUrl, Map<String, String> auth) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hubUrl + "/subscriptions"))
                .timeout(Duration.ofSeconds(10));
        auth.forEach(request::header);
        HttpResponse<String> response = SseSubscriber.CLIENT.send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> subscribers(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("subscriptions").forEach(subscription -> ids.add(subscription.path("subscriber").asText()));
        return ids;
    }

    private static String subscriberToken() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .claim("mercure", Map.of("publish", List.of(), "subscribe", List.of("*")))
                .expirationTime(new Date(System.currentTimeMillis() + 3_600_000)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(TestHub.SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
