package dev.herald.hub;

import static dev.herald.hub.HubFixture.subscribeUrl;
import static dev.herald.hub.HubFixture.topics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.herald.core.MessageEvent;
import dev.herald.hub.ScriptedHub.Answer;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One publishing API for the hub in this JVM and for a remote one, over real sockets. */
@Timeout(60)
class HubPublisherTest {

    private static final KeySpec KEY = KeySpec.parse("HS256", Tokens.SECRET);
    /** Retries that do not slow the tests down. */
    private static final Duration QUICK = Duration.ofMillis(5);

    private static TestHub hub;

    @BeforeAll
    static void start() {
        hub = HubFixture.start(HubFixture.builder());
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    /** A publisher to the test hub over HTTP, with a token minted for each request. */
    private static HubPublisher remote() {
        return HubPublisher.remote(URI.create(hub.url()))
                .token(() -> MercureToken.builder().publish("*").expiresIn(Duration.ofMinutes(1)).sign(KEY))
                .build();
    }

    @Test
    void aRemotePublisherPublishesEveryFieldAndReturnsTheHubsId() throws Exception {
        Update update = Update.builder().topic("t:remote").topic("t:alternate").id("book-1").type("price")
                .retry(Duration.ofMillis(2500)).data("line one\nline two").build();
        try (StreamReader stream = StreamReader.open(subscribeUrl(hub, topics("t:alternate")), Map.of())) {
            assertThat(remote().publish(update)).isEqualTo("book-1");
            assertThat(stream.next()).isEqualTo(new MessageEvent("price", "line one\nline two", "book-1"));
        }
    }

    @Test
    void publishAsyncCompletesWithTheIdOnceTheHubHasTheUpdate() throws Exception {
        Update update = Update.of("t:async", "later");
        try (StreamReader stream = StreamReader.open(subscribeUrl(hub, topics("t:async")), Map.of())) {
            String id = remote().publishAsync(update).get(10, TimeUnit.SECONDS);
            assertThat(id).isEqualTo(update.id()).startsWith("urn:uuid:");
            assertThat(stream.next().lastEventId()).isEqualTo(id);
        }
    }

    @Test
    void aPrivateUpdateReachesOnlyAuthorisedSubscribers() throws Exception {
        String subscriber = Tokens.hs256(List.of(), List.of("t:private"));
        try (StreamReader authorised = StreamReader.open(subscribeUrl(hub, topics("t:private")),
                        Tokens.bearer(subscriber));
                StreamReader anonymous = StreamReader.open(subscribeUrl(hub, topics("t:private")), Map.of())) {
            HubPublisher publisher = remote();
            publisher.publish(Update.builder().topic("t:private").data("secret").privateUpdate(true).build());
            publisher.publish(Update.of("t:private", "public"));
            assertThat(authorised.next(2)).extracting(MessageEvent::data).containsExactly("secret", "public");
            assertThat(anonymous.next().data()).isEqualTo("public");
        }
    }

    @Test
    void theHubInThisJvmAndARemoteHubArePublishedToAlike() throws Exception {
        try (StreamReader stream = StreamReader.open(subscribeUrl(hub, topics("t:alike")), Map.of())) {
            for (HubPublisher publisher : List.of(hub.hub(), remote())) {
                announce(publisher, "sync");
                publisher.publishAsync(Update.of("t:alike", "async")).get(10, TimeUnit.SECONDS);
            }
            assertThat(stream.next(4)).extracting(MessageEvent::data).containsExactly("sync", "async", "sync", "async");
        }
    }

    /** Application code: it knows a publisher, not where the hub runs. */
    private static void announce(HubPublisher publisher, String data) {
        Update update = Update.of("t:alike", data);
        assertThat(publisher.publish(update)).isEqualTo(update.id());
    }

    @Test
    void theHubInThisJvmRefusesWhatAPublishersFormMayNotCarry() {
        for (Update forbidden : List.of(Update.of("/.well-known/mercure/subscriptions/x/y", "forged"),
                Update.of("https://elsewhere.example/.well-known/%6Dercure/subscriptions", "forged"),
                Update.of("*", "everything"), Update.of("t:\u202Eevil", "invisible"),
                Update.builder().topic("t:ok").type("mercure").build(),
                Update.builder().topic("t:ok").id("earliest").build())) {
            assertThatThrownBy(() -> hub.hub().publish(forbidden)).as(forbidden.topics().toString())
                    .isInstanceOf(PublishException.class)
                    .satisfies(e -> assertThat(((PublishException) e).status()).isEqualTo(400));
        }
        assertThat(catchThrowableOfType(PublishException.class,
                () -> hub.hub().publish(Update.of("t:" + "x".repeat(5000), "long"))).status()).isEqualTo(413);
    }

    @Test
    void theHubsRefusalsArePublishExceptionsThatNameTheProblem() {
        Update update = Update.of("t:refused", "x");
        HubPublisher anonymous = HubPublisher.remote(URI.create(hub.url())).build();
        assertThat(catchThrowableOfType(PublishException.class, () -> anonymous.publish(update)))
                .satisfies(e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("token");

        String otherKey = Tokens.hs256("another-secret-that-is-long-enough-for-hs256", List.of("*"), List.of(), 60);
        HubPublisher forged = HubPublisher.remote(URI.create(hub.url())).token(() -> otherKey).build();
        assertThat(catchThrowableOfType(PublishException.class, () -> forged.publish(update)))
                .satisfies(e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("does not accept the publisher's token");

        String narrow = Tokens.hs256(List.of("t:other"), List.of());
        HubPublisher limited = HubPublisher.remote(URI.create(hub.url())).token(() -> narrow).build();
        assertThat(catchThrowableOfType(PublishException.class, () -> limited.publish(update)))
                .satisfies(e -> assertThat(e.status()).isEqualTo(403))
                .hasMessageContaining("does not allow publishing")
                .hasMessageContaining("t:refused");

        assertThat(catchThrowableOfType(PublishException.class,
                () -> remote().publish(Update.of("*", "x"))))
                .satisfies(e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("cannot be published to");
    }

    @Test
    void a503IsRetriedWithTheSameIdAndTheUpdateIsPublishedOnce() throws Exception {
        AtomicInteger tokens = new AtomicInteger();
        try (ScriptedHub scripted = ScriptedHub.answering((attempt, request) -> switch (attempt) {
            case 0 -> Answer.of(503, "transport down").retryAfter("0");
            case 1 -> Answer.of(503, "transport still down");
            default -> Answer.accepted(request);
        })) {
            HubPublisher publisher = HubPublisher.remote(scripted.url())
                    .token(() -> "token-" + tokens.incrementAndGet())
                    .retries(5, QUICK)
                    .build();
            Update update = Update.builder().topic("t:a").topic("t:b").data("x y&z=1").type("sale")
                    .retry(Duration.ofSeconds(3)).privateUpdate(true).build();

            assertThat(publisher.publish(update)).isEqualTo(update.id());

            List<ScriptedHub.Received> requests = scripted.requests();
            assertThat(requests).hasSize(3);
            assertThat(requests).extracting(request -> request.field("id")).containsOnly(update.id());
            assertThat(requests).extracting(ScriptedHub.Received::authorization)
                    .containsExactly("Bearer token-1", "Bearer token-2", "Bearer token-3");
            ScriptedHub.Received last = requests.get(2);
            assertThat(last.contentType()).isEqualTo("application/x-www-form-urlencoded");
            assertThat(last.form()).containsOnlyKeys("topic", "id", "data", "type", "retry", "private");
            assertThat(last.form().get("topic")).containsExactly("t:a", "t:b");
            assertThat(last.field("data")).isEqualTo("x y&z=1");
            assertThat(last.field("type")).isEqualTo("sale");
            assertThat(last.field("retry")).isEqualTo("3000");
            assertThat(last.field("private")).isEqualTo("on");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 500})
    void aRefusalIsNotRetried(int status) throws Exception {
        try (ScriptedHub scripted = ScriptedHub.answering((attempt, request) -> Answer.of(status, "because"))) {
            HubPublisher publisher = HubPublisher.remote(scripted.url()).retries(5, QUICK).build();
            PublishException refusal = catchThrowableOfType(PublishException.class,
                    () -> publisher.publish(Update.of("t:a", "x")));
            assertThat(refusal.status()).isEqualTo(status);
            assertThat(refusal).hasMessageEndingWith(": because");
            assertThat(scripted.requests()).hasSize(1);
        }
    }

    @Test
    void anUnreachableHubIsRetriedThenReportedUnavailable() throws Exception {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/.well-known/mercure");
        }
        AtomicInteger attempts = new AtomicInteger();
        HubPublisher publisher = HubPublisher.remote(closed)
                .token(() -> "token-" + attempts.incrementAndGet())
                .retries(3, QUICK)
                .build();
        Update update = Update.of("t:a", "x");

        TransportUnavailableException unavailable = catchThrowableOfType(TransportUnavailableException.class,
                () -> publisher.publish(update));
        assertThat(unavailable).hasMessageContaining(closed.toString()).hasMessageContaining(update.id())
                .hasMessageContaining("after 3 attempts").hasMessageContaining("ConnectException")
                .hasCauseInstanceOf(ConnectException.class);
        assertThat(unavailable.getSuppressed()).hasSize(2).allMatch(ConnectException.class::isInstance);
        assertThat(attempts).hasValue(3);

        ExecutionException failed = catchThrowableOfType(ExecutionException.class,
                () -> publisher.publishAsync(update).get());
        assertThat(failed).hasCauseInstanceOf(TransportUnavailableException.class);
        assertThat(attempts).hasValue(6);
    }

    @Test
    void aHubThatStaysUnavailableIsReportedUnavailableWithItsAnswer() throws Exception {
        try (ScriptedHub scripted = ScriptedHub.answering((attempt, request) -> Answer.of(503, "redis is down"))) {
            HubPublisher publisher = HubPublisher.remote(scripted.url()).retries(3, QUICK).build();
            TransportUnavailableException unavailable = catchThrowableOfType(
                    TransportUnavailableException.class, () -> publisher.publish(Update.of("t:a", "x")));
            assertThat(unavailable).hasMessageContaining("after 3 attempts")
                    .hasMessageContaining("503: redis is down");
            assertThat(unavailable.getCause()).isInstanceOfSatisfying(PublishException.class,
                    cause -> assertThat(cause.status()).isEqualTo(503));
            assertThat(scripted.requests()).hasSize(3);
        }
    }

    @Test
    void aRetryAfterLongerThanAPublisherWaitsIsReportedAtOnce() throws Exception {
        try (ScriptedHub scripted = ScriptedHub.answering(
                (attempt, request) -> Answer.of(503, "maintenance").retryAfter("3600"))) {
            HubPublisher publisher = HubPublisher.remote(scripted.url()).retries(5, QUICK).build();
            assertThatThrownBy(() -> publisher.publish(Update.of("t:a", "x")))
                    .isInstanceOf(TransportUnavailableException.class)
                    .hasMessageContaining("after 1 attempt ")
                    .hasMessageContaining("3600 s");
            assertThat(scripted.requests()).hasSize(1);
        }
    }

    @Test
    void anAnswerThatDoesNotComeInTimeIsNotSentAgainSinceTheHubMayHaveStoredIt() throws Exception {
        try (ScriptedHub scripted = ScriptedHub.answering((attempt, request) -> {
            if (attempt == 0) {
                Thread.sleep(30_000); // until the test closes the hub
            }
            return Answer.accepted(request);
        })) {
            HubPublisher publisher = HubPublisher.remote(scripted.url())
                    .timeout(Duration.ofMillis(300))
                    .retries(2, QUICK)
                    .build();
            Update update = Update.of("t:a", "x");
            assertThatThrownBy(() -> publisher.publish(update)).isInstanceOf(TransportUnavailableException.class)
                    .hasMessageContaining(update.id()).hasMessageContaining("may have been stored");
            assertThat(scripted.requests()).hasSize(1);
        }
    }

    @Test
    void theBuilderRefusesWhatCouldNeverWork() {
        assertThatThrownBy(() -> HubPublisher.remote(URI.create("ftp://hub.example/")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HubPublisher.remote(URI.create("/.well-known/mercure")))
                .isInstanceOf(IllegalArgumentException.class);
        RemoteHubPublisher.Builder builder = HubPublisher.remote(URI.create("https://hub.example/.well-known/mercure"));
        assertThatThrownBy(() -> builder.retries(0, QUICK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.retries(3, Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThat(builder.build()).hasToString("RemoteHubPublisher[https://hub.example/.well-known/mercure]");
    }
}
