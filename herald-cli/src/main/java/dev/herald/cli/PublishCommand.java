package dev.herald.cli;

import dev.herald.hub.HubPublisher;
import dev.herald.hub.PublishException;
import dev.herald.hub.RemoteHubPublisher;
import dev.herald.hub.TransportUnavailableException;
import dev.herald.hub.Update;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code herald publish}: sends one update to any Mercure hub, through {@link HubPublisher}. */
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

    @Option(names = "--id", description = "The update's id (a new urn:uuid otherwise, sent with every attempt).")
    String id;

    @Option(names = "--type", description = "The event type.")
    String type;

    @Option(names = "--retry", description = "The reconnection time to send, e.g. 5s.")
    Duration retry;

    @Option(names = "--private", description = "Make the update private.")
    boolean privateUpdate;

    @Override
    public Integer call() throws IOException {
        Update update;
        try {
            Update.Builder builder = Update.builder().topics(topics).data(readData()).privateUpdate(privateUpdate);
            if (id != null) {
                builder.id(id);
            }
            if (type != null) {
                builder.type(type);
            }
            if (retry != null) {
                builder.retry(retry);
            }
            update = builder.build();
        } catch (IllegalArgumentException e) {
            System.err.println("herald publish: " + e.getMessage());
            return 2;
        }
        RemoteHubPublisher.Builder publisher = HubPublisher.remote(URI.create(hub)).timeout(Duration.ofSeconds(30));
        if (token != null && !token.isBlank()) {
            String bearer = token.trim();
            publisher.token(() -> bearer);
        }
        try {
            System.out.println(publisher.build().publish(update));
            return 0;
        } catch (PublishException e) {
            System.err.println("herald publish: " + e.getMessage());
            return 1;
        } catch (TransportUnavailableException e) {
            System.err.println("herald publish: " + e.getMessage());
            return 2;
        }
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
}
