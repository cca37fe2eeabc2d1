package dev.herald.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.hub.Hub;
import dev.herald.hub.KeySpec;
import dev.herald.hub.Transport;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Starts hub nodes on free loopback ports and publishes to them over HTTP with a publisher token. */
public final class TestHub {

    public static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256!";
    public static final String PUBLISHER = token();

    private TestHub() {
    }

    /** A started hub node on {@code transport}: HS256 key, anonymous subscribers, no heartbeat. */
    public static Hub start(Transport transport) {
        return Hub.builder().address("127.0.0.1", 0).jwtKey(KeySpec.parse("HS256", SECRET)).anonymous(true)
                .heartbeat(Duration.ZERO).ioThreads(2).page(false).transport(transport).build().start();
    }

    /** The subscribe URL of {@code hub} for {@code topic}. */
    public static String subscribeUrl(Hub hub, String topic) {
        return hub.url() + "?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8);
    }

    /** POSTs an update form; returns the response, whatever its status. */
    public static HttpResponse<String> post(Hub hub, String... namesAndValues)
            throws IOException, InterruptedException {
        return post(hub.url(), namesAndValues);
    }

    /** POSTs an update form to the hub URL {@code url}; returns the response, whatever its status. */
    public static HttpResponse<String> post(String url, String... namesAndValues)
            throws IOException, InterruptedException {
        StringJoiner form = new StringJoiner("&");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.add(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Bearer " + PUBLISHER)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
        return SseSubscriber.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Publishes {@code data} to {@code topic} with the id {@code id}, failing unless the hub accepts it. */
    public static void publish(Hub hub, String topic, String id, String data) throws IOException, InterruptedException {
        HttpResponse<String> response = post(hub, "topic", topic, "id", id, "data", data);
        if (response.statusCode() != 200) {
            throw new AssertionError("publish failed: " + response.statusCode() + " " + response.body());
        }
    }

    private static String token() {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .claim("mercure", Map.of("publish", List.of("*"), "subscribe", List.of()))
                    .expirationTime(new Date(System.currentTimeMillis() + 3_600_000))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
