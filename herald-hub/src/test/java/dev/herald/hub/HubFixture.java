package dev.herald.hub;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Starts hubs on free loopback ports and speaks to them over real HTTP. */
public final class HubFixture {

    public static final String PUBLISHER = Tokens.hs256(List.of("*"), List.of());

    private HubFixture() {
    }

    /** The usual test hub: HS256 key, anonymous subscribers, small history, no heartbeat. */
    public static HubBuilder builder() {
        return Hub.builder().address("127.0.0.1", 0).jwtKey(KeySpec.parse("HS256", Tokens.SECRET))
                .anonymous(true).historySize(100).heartbeat(java.time.Duration.ZERO);
    }

    /** Starts the hub of {@code builder} behind the selected {@link FrontEnd}. */
    public static TestHub start(HubBuilder builder) {
        try {
            return FrontEnd.selected().start(builder);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the hub", e);
        }
    }

    public static String subscribeUrl(TestHub hub, String query) {
        return hub.url() + "?" + query;
    }

    public static String topics(String... topics) {
        StringJoiner query = new StringJoiner("&");
        for (String topic : topics) {
            query.add("topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    public static String form(Object... namesAndValues) {
        StringJoiner form = new StringJoiner("&");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.add(URLEncoder.encode(namesAndValues[i].toString(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(namesAndValues[i + 1].toString(), StandardCharsets.UTF_8));
        }
        return form.toString();
    }

    public static HttpResponse<String> post(TestHub hub, String token, String form)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.url()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return StreamReader.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Publishes with the all-powerful publisher token and returns the update's id. */
    public static String publish(TestHub hub, Object... form) throws IOException, InterruptedException {
        HttpResponse<String> response = post(hub, PUBLISHER, form(form));
        if (response.statusCode() != 200) {
            throw new AssertionError("publish failed: " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    public static HttpResponse<String> get(TestHub hub, String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        URI base = URI.create(hub.url());
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        headers.forEach(request::header);
        return StreamReader.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
