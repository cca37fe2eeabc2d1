package dev.herald.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code herald publish}: sends one update to any Mercure hub. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Publish an update to a Mercure hub (Herald or any other); prints the update's id.")
final class PublishCommand implements Callable<Integer> {

    @Option(names = "--hub", defaultValue = "${env:HERALD_HUB:-http://127.0.0.1:8080/.well-known/mercure}",
            description = "The hub URL (env HERALD_HUB; default ${DEFAULT-VALUE}).")
    String hub;

    @Option(names = {"-t", "--token"}, defaultValue = "${env:HERALD_TOKEN}",
            description = "A publisher JWT (env HERALD_TOKEN).")
    String token;

    @Option(names = "--topic", required = true, description = "A topic; repeat for alternate topics.")
    List<String> topics = new ArrayList<>();

    @Option(names = {"-d", "--data"}, defaultValue = "",
            description = "The data; @FILE reads a file, - reads standard input.")
    String data;

    @Option(names = "--id", description = "The update's id (the hub makes one otherwise).")
    String id;

    @Option(names = "--type", description = "The event type.")
    String type;

    @Option(names = "--retry", description = "The reconnection time to send, e.g. 5s.")
    Duration retry;

    @Option(names = "--private", description = "Make the update private.")
    boolean privateUpdate;

    @Override
    public Integer call() throws IOException, InterruptedException {
        StringJoiner form = new StringJoiner("&");
        topics.forEach(topic -> form.add(field("topic", topic)));
        form.add(field("data", readData()));
        if (id != null) {
            form.add(field("id", id));
        }
        if (type != null) {
            form.add(field("type", type));
        }
        if (retry != null) {
            form.add(field("retry", Long.toString(retry.toMillis())));
        }
        if (privateUpdate) {
            form.add(field("private", "on"));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token.trim());
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            System.err.println("herald publish: cannot reach " + hub + ": " + e.getMessage());
            return 2;
        }
        if (response.statusCode() / 100 != 2) {
            System.err.println("herald publish: the hub answered " + response.statusCode() + ": "
                    + response.body().strip());
            return 1;
        }
        System.out.println(response.body().strip());
        return 0;
    }

    private String readData() throws IOException {
        if (data.equals("-")) {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (data.startsWith("@")) {
            return Files.readString(Path.of(data.substring(1)));
        }
        return data;
    }

    private static String field(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
