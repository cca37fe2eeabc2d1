package dev.herald.hub;

import static dev.herald.hub.HubFixture.form;
import static dev.herald.hub.HubFixture.post;
import static dev.herald.hub.HubFixture.subscribeUrl;
import static dev.herald.hub.HubFixture.topics;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Authorization over HTTP: who may publish, who may subscribe, who sees private updates. */
class AuthorizationTest {

    /** A token with {@code alg: none}: it grants everything if a hub forgets to check signatures. */
    private static final String UNSIGNED = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJtZXJjdXJlIjp7InB1Ymxpc2giOlsiKiJdLCJzdWJzY3JpYmUiOlsiKiJdfSwiZXhwIjo0MTAyNDQ0ODAwfQ.";

    private static TestHub hub;
    private static TestHub closedHub;

    @BeforeAll
    static void start() {
        hub = HubFixture.start(HubFixture.builder());
        closedHub = HubFixture.start(HubFixture.builder().anonymous(false));
    }

    @AfterAll
    static void stop() {
        hub.close();
        closedHub.close();
    }

    @Test
    void publishingNeedsAValidToken() throws Exception {
        String update = form("topic", "t:a", "data", "x");
        assertThat(post(hub, null, update).statusCode()).isEqualTo(401);
        // Too short to be a signed JWT: a malformed presentation (RFC 6750 invalid_request), not a bad token.
        assertThat(post(hub, "not.a.jwt", update).statusCode()).isEqualTo(400);
        assertThat(post(hub, UNSIGNED, update).statusCode()).isEqualTo(401);
        String wrongKey = Tokens.hs256("another-secret-that-is-long-enough-for-hs256", List.of("*"), List.of(), 60);
        assertThat(post(hub, wrongKey, update).statusCode()).isEqualTo(401);
        String expired = Tokens.hs256(Tokens.SECRET, List.of("*"), List.of(), -120);
        assertThat(post(hub, expired, update).statusCode()).isEqualTo(401);
        assertThat(post(hub, HubFixture.PUBLISHER, update).statusCode()).isEqualTo(200);
    }

    @Test
    void aStreamEndsWhenItsTokenExpires() throws Exception {
        try (TestHub own = HubFixture.start(HubFixture.builder())) {
            String shortLived = Tokens.hs256(Tokens.SECRET, List.of(), List.of("*"), 2); // exp: whole seconds
            StreamReader expiring = StreamReader.open(subscribeUrl(own, topics("t:exp")), Tokens.bearer(shortLived));
            StreamReader anonymous = StreamReader.open(subscribeUrl(own, topics("t:exp")), Map.of());
            HubFixture.publish(own, "topic", "t:exp", "data", "before", "private", "on");
            assertThat(expiring.next().data()).isEqualTo("before");

            assertThat(expiring.awaitEnd(5_000)).as("the stream ends at the token's exp").isTrue();
            HubFixture.publish(own, "topic", "t:exp", "data", "after");
            assertThat(anonymous.next().data()).isEqualTo("after"); // a stream without a token stays open
            assertThat(HubMetricsView.scrape(own).value("herald_disconnects_total{reason=\"expired\"}"))
                    .isEqualTo(1.0);
            expiring.close();
            anonymous.close();
        }
    }

    @Test
    void aPublisherMayPublishOnlyToTopicsItsTokenAllows() throws Exception {
        String limited = Tokens.hs256(List.of("https://example.com/books/{id}"), List.of());
        assertThat(post(hub, limited, form("topic", "https://example.com/books/1", "data", "x")).statusCode())
                .isEqualTo(200);
        HttpResponse<String> refused = post(hub, limited, form("topic", "https://example.com/users/1", "data", "x"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(post(hub, Tokens.hs256(List.of(), List.of("*")), form("topic", "t:a", "data", "x")).statusCode())
                .isIn(401, 403);
    }

    @Test
    void withoutAnonymousASubscriberNeedsAToken() throws Exception {
        try (StreamReader refused = StreamReader.open(subscribeUrl(closedHub, topics("t:a")), Map.of())) {
            assertThat(refused.response.statusCode()).isEqualTo(401);
            assertThat(refused.response.headers().firstValue("www-authenticate")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Bearer"));
        }
        String subscriber = Tokens.hs256(List.of(), List.of("t:a"));
        try (StreamReader accepted = StreamReader.open(subscribeUrl(closedHub, topics("t:a")),
                Tokens.bearer(subscriber))) {
            assertThat(accepted.response.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void privateUpdatesReachOnlyAuthorisedSubscribers() throws Exception {
        String topic = "https://example.com/orders/9";
        String allowed = Tokens.hs256(List.of(), List.of("https://example.com/orders/{id}"));
        String other = Tokens.hs256(List.of(), List.of("https://example.com/invoices/{id}"));
        try (StreamReader owner = StreamReader.open(subscribeUrl(hub, topics(topic)), Tokens.bearer(allowed));
                StreamReader stranger = StreamReader.open(subscribeUrl(hub, topics(topic)), Tokens.bearer(other));
                StreamReader anonymous = StreamReader.open(subscribeUrl(hub, topics(topic)), Map.of());
                StreamReader cookie = StreamReader.open(subscribeUrl(hub, topics(topic)),
                        Map.of("Cookie", "mercureAuthorization=" + allowed))) {
            HubFixture.publish(hub, "topic", topic, "data", "secret", "private", "on");
            HubFixture.publish(hub, "topic", topic, "data", "public");
            assertThat(owner.next().data()).isEqualTo("secret");
            assertThat(owner.next().data()).isEqualTo("public");
            assertThat(cookie.next().data()).isEqualTo("secret");
            assertThat(stranger.next().data()).isEqualTo("public");
            assertThat(anonymous.next().data()).isEqualTo("public");
        }
    }

    @Test
    void privateUpdatesAreNotReplayedToUnauthorisedSubscribers() throws Exception {
        String topic = "t:private-history";
        String first = HubFixture.publish(hub, "topic", topic, "data", "public 1");
        HubFixture.publish(hub, "topic", topic, "data", "secret", "private", "");
        HubFixture.publish(hub, "topic", topic, "data", "public 2");
        try (StreamReader anonymous = StreamReader.open(subscribeUrl(hub, topics(topic)),
                Map.of("Last-Event-ID", first))) {
            assertThat(anonymous.next().data()).isEqualTo("public 2");
        }
    }

    @Test
    void anInvalidTokenIsRefusedEvenWhenAnonymousIsAllowed() throws Exception {
        try (StreamReader refused = StreamReader.open(subscribeUrl(hub, topics("t:a")),
                Tokens.bearer(UNSIGNED))) {
            assertThat(refused.response.statusCode()).isEqualTo(401);
        }
    }
}
