package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.hub.Hub;
import dev.herald.hub.KeySpec;
import dev.herald.hub.MercureToken;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands run in-process against a real hub on loopback. */
class CommandsTest {

    private static final String SECRET = "a-cli-test-secret-long-enough-for-hs256!!";
    private static Hub hub;

    @BeforeAll
    static void start() {
        hub = Hub.builder().address("127.0.0.1", 0).jwtKey(KeySpec.hmac(SECRET)).anonymous(true)
                .heartbeat(Duration.ZERO).build().start();
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    /** Runs a command with standard output and error captured. */
    private static synchronized String[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new String[] {Integer.toString(status), stdout.toString(StandardCharsets.UTF_8),
                stderr.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void helpListsTheCommands() {
        String[] result = run("--help");
        assertThat(result[0]).isEqualTo("0");
        assertThat(result[1]).contains("serve", "listen", "publish", "token");
    }

    @Test
    void tokenPrintsATokenOnItsLastLineThatTheHubAccepts() throws Exception {
        String[] result = run("token", "--jwt-key", SECRET, "--publish", "*", "--exp", "10m");
        assertThat(result[0]).isEqualTo("0");
        String[] lines = result[1].strip().split("\n");
        String token = lines[lines.length - 1];
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.at("/mercure/publish/0").asText()).isEqualTo("*");
        assertThat(claims.get("exp").asLong() - System.currentTimeMillis() / 1000).isBetween(500L, 600L);
        assertThat(run("publish", "--hub", hub.url(), "--token", token, "--topic", "t:token", "-d", "x")[0])
                .isEqualTo("0");
    }

    @Test
    void tokenMintsAOneDotZeroAccessTokenThatAHubTrustingItsIssuerAccepts() throws Exception {
        String issuer = "https://cli.example";
        try (Hub v1 = Hub.builder().address("127.0.0.1", 0).jwtKey(KeySpec.hmac(SECRET)).trustedIssuer(issuer)
                .heartbeat(Duration.ZERO).build().start()) {
            String[] result = run("token", "--jwt-key", SECRET, "--audience", v1.url(), "--issuer", issuer,
                    "--publish-urlpattern", "https://example.com/books/:id", "--subscribe", "*", "--exp", "10m");
            assertThat(result[0]).isEqualTo("0");
            String[] lines = result[1].strip().split("\n");
            String token = lines[lines.length - 1];
            JsonNode header = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
            assertThat(header.get("typ").asText()).isEqualTo("at+jwt");
            JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
            assertThat(claims.get("iss").asText()).isEqualTo(issuer);
            assertThat(claims.at("/authorization_details/0/type").asText())
                    .isEqualTo("https://mercure.rocks/authorization-detail");
            assertThat(claims.at("/authorization_details/0/topics/0/match_type").asText()).isEqualTo("urlpattern");
            assertThat(run("publish", "--hub", v1.url(), "--token", token, "--topic", "https://example.com/books/1",
                    "-d", "x")[0]).isEqualTo("0");
            assertThat(run("publish", "--hub", v1.url(), "--token", token, "--topic", "https://example.com/other",
                    "-d", "x")[0]).isEqualTo("1");
        }
        assertThat(run("token", "--jwt-key", SECRET, "--audience", "https://hub.example", "--publish", "*")[2])
                .contains("--issuer");
        assertThat(run("token", "--jwt-key", SECRET, "--publish-urlpattern", "https://e.com/:id")[2])
                .contains("--audience");
    }

    @Test
    void serveRefusesAPlainHttpJwkSetUrlOffLoopback() {
        String[] result = run("serve", "--jwt-key", SECRET, "--jwks-uri",
                "https://auth.example.com=http://auth.example.com/jwks.json");
        assertThat(result[0]).isNotEqualTo("0");
        assertThat(result[2]).contains("--jwks-uri", "https://", "loopback");
        assertThat(run("serve", "--jwks-uri", "no-equals-sign")[2]).contains("ISSUER=URL");
    }

    @Test
    void serveRefusesAFileThatIsNotAHistoryAndAnUnknownSync(@TempDir Path dir) throws Exception {
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "not a database");
        String[] refused = run("serve", "--jwt-key", SECRET, "--addr", "127.0.0.1:0", "--transport", "sqlite:" + notes);
        assertThat(refused[0]).isEqualTo("1");
        assertThat(refused[2]).contains("refusing " + notes, "not a SQLite database").doesNotContain("Usage");
        assertThat(Files.readString(notes)).isEqualTo("not a database");

        String[] badSync = run("serve", "--jwt-key", SECRET, "--transport", "sqlite:" + dir.resolve("h.db"),
                "--sync", "sometimes");
        assertThat(badSync[0]).isNotEqualTo("0");
        assertThat(badSync[2]).contains("--sync", "full or normal");
    }

    @Test
    void listenPrintsEventsAsJsonLinesAndStopsAfterMaxEvents() throws Exception {
        String token = MercureToken.builder().publish("*").expiresIn(Duration.ofMinutes(5)).sign(KeySpec.hmac(SECRET));
        CompletableFuture<String[]> listening = CompletableFuture.supplyAsync(() ->
                run("listen", hub.url() + "?topic=t:listen", "--max-events", "2"));
        // Publish until the listener has seen two events: it may not be subscribed yet when the first goes out.
        while (!listening.isDone()) {
            hub.publish(dev.herald.hub.Update.builder().topic("t:listen").type("note").data("line 1\nline \"2\"").build());
            Thread.sleep(100);
        }
        String[] result = listening.get();
        assertThat(result[0]).isEqualTo("0");
        String[] lines = result[1].strip().split("\n");
        assertThat(lines).hasSize(2);
        JsonNode event = new ObjectMapper().readTree(lines[0]);
        assertThat(event.size()).isEqualTo(3);
        assertThat(event.get("type").asText()).isEqualTo("note");
        assertThat(event.get("data").asText()).isEqualTo("line 1\nline \"2\"");
        assertThat(event.get("lastEventId").asText()).startsWith("urn:uuid:");
        assertThat(token).isNotEmpty();
    }

    @Test
    void listenTakesAUrlWithCharactersABrowserWouldEncode() throws Exception {
        // A URI template's braces and a space, as typed; an escape already there is kept as it is, not doubled.
        String url = hub.url() + "?topic=https://example.com/books/{id}&topic=hello world&topic=t%3Aescaped";
        CompletableFuture<String[]> listening = CompletableFuture.supplyAsync(() ->
                run("listen", url, "--max-events", "3", "--no-reconnect"));
        String[] topics = {"https://example.com/books/7", "hello world", "t:escaped"};
        for (int round = 0; !listening.isDone() && round < 100; round++) {
            hub.publish(dev.herald.hub.Update.of(topics[round % 3], "to " + topics[round % 3]));
            Thread.sleep(100);
        }
        String[] result = listening.get();
        assertThat(result[0]).as(result[2]).isEqualTo("0");
        assertThat(result[1]).contains("to https://example.com/books/7", "to hello world", "to t:escaped");
    }

    @Test
    void aUrlIsEncodedAsABrowserWouldAndNothingIsEncodedTwice() {
        ListenCommand.BrowserUrl browser = new ListenCommand.BrowserUrl();
        assertThat(browser.convert(" http://127.0.0.1:8080/a b/{c}?topic={x}|\"y\"&t=%2F%zz&u=caf\u00e9#one#two\n")
                .toString()).isEqualTo("http://127.0.0.1:8080/a%20b/%7Bc%7D"
                        + "?topic=%7Bx%7D%7C%22y%22&t=%2F%25zz&u=caf%C3%A9#one%23two");
        assertThat(browser.convert("http://b\u00fccher.example/").getHost()).isEqualTo("xn--bcher-kva.example");
        assertThat(browser.convert("http://[::1]:8080/x?a=[1]").toString()).isEqualTo("http://[::1]:8080/x?a=%5B1%5D");
        assertThatThrownBy(() -> browser.convert("not a url")).isInstanceOf(CommandLine.TypeConversionException.class);
    }

    @Test
    void durationsTakeABareNumberOfSecondsBesideTheOtherForms() {
        DurationConverter durations = new DurationConverter();
        assertThat(durations.convert("20")).isEqualTo(Duration.ofSeconds(20));
        assertThat(durations.convert(" 1.5 ")).isEqualTo(Duration.ofMillis(1500));
        assertThat(durations.convert("0")).isEqualTo(Duration.ZERO);
        assertThat(durations.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(durations.convert("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(durations.convert("PT20S")).isEqualTo(Duration.ofSeconds(20));
        assertThatThrownBy(() -> durations.convert("soon")).isInstanceOf(CommandLine.TypeConversionException.class);
    }

    @Test
    void everyDurationOptionOfEveryCommandTakesABareNumberOfSeconds() {
        // What each command needs besides the option under test.
        Map<String, List<String>> required = Map.of(
                "listen", List.of("http://127.0.0.1:1/"),
                "publish", List.of("--topic", "t"),
                "token", List.of("--jwt-key", SECRET),
                "bench", List.of("fanout"));
        CommandLine main = Main.commandLine();
        int checked = 0;
        for (Map.Entry<String, CommandLine> command : main.getSubcommands().entrySet()) {
            for (CommandLine.Model.OptionSpec option : command.getValue().getCommandSpec().options()) {
                if (option.type() != Duration.class) {
                    continue;
                }
                List<String> args = new ArrayList<>(List.of(command.getKey()));
                args.addAll(required.getOrDefault(command.getKey(), List.of()));
                args.addAll(List.of(option.longestName(), "20"));
                CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
                assertThat(parsed.subcommand().matchedOption(option.longestName()).<Duration>getValue())
                        .as(String.join(" ", args)).isEqualTo(Duration.ofSeconds(20));
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(10); // serve 4, listen, publish, token, bench 3
    }

    @Test
    void publishReportsTheHubsRefusal() {
        String[] result = run("publish", "--hub", hub.url(), "--token", "x".repeat(60), "--topic", "t", "-d", "x");
        assertThat(result[0]).isEqualTo("1");
        assertThat(result[2]).contains("401");
    }

    @Test
    void listenFailsWithAOneLineReasonWhenTheServerRefuses() {
        String[] result = run("listen", hub.url().replace("/.well-known/mercure", "/missing"), "--no-reconnect");
        assertThat(result[0]).isEqualTo("1");
        assertThat(result[2].strip().lines().reduce((a, b) -> b).orElse("")).contains("404");
    }

    @Test
    void listenEndsWithZeroWhenTheStreamEndsCleanlyWithoutReconnecting() throws Exception {
        Hub shortLived = Hub.builder().address("127.0.0.1", 0).anonymous(true).heartbeat(Duration.ZERO).build().start();
        CompletableFuture<String[]> listening = CompletableFuture.supplyAsync(() ->
                run("listen", shortLived.url() + "?topic=t", "--no-reconnect"));
        Thread.sleep(1000);
        shortLived.close();
        assertThat(listening.get()[0]).isEqualTo("0");
    }
}
