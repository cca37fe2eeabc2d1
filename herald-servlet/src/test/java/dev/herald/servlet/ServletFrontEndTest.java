package dev.herald.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.MessageEvent;
import dev.herald.hub.Hub;
import dev.herald.hub.HubFixture;
import dev.herald.hub.PublishException;
import dev.herald.hub.StreamReader;
import dev.herald.hub.SubscriberAccess;
import dev.herald.hub.TestHub;
import dev.herald.hub.Tokens;
import dev.herald.hub.Update;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What only a hub inside a servlet container has to get right: its timeouts, its login, its mount. */
class ServletFrontEndTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** The user of the request being handled on this thread, as Spring Security keeps it. */
    private static final ThreadLocal<Principal> USER = new ThreadLocal<>();

    /**
     * The application's login, as a servlet filter: {@code X-User} names the user (a stand-in for a session cookie),
     * whose principal the request answers from a thread-local while the filter chain runs, as Spring Security's
     * request wrapper does: the hub must read it on the container's thread.
     */
    private static final Filter LOGIN = (request, response, chain) -> {
        String user = ((HttpServletRequest) request).getHeader("X-User");
        if (user == null) {
            chain.doFilter(request, response);
            return;
        }
        USER.set(() -> user);
        try {
            chain.doFilter(new HttpServletRequestWrapper((HttpServletRequest) request) {
                @Override
                public Principal getUserPrincipal() {
                    return USER.get();
                }
            }, response);
        } finally {
            USER.remove();
        }
    };

    private static TestHub served(Hub hub, AutoCloseable container, int port, String url) {
        return TestHub.of(hub, url, new InetSocketAddress("127.0.0.1", port), container);
    }

    @Test
    void aQuietStreamOutlivesTomcatsTimeouts() throws Exception {
        Hub hub = HubFixture.builder().listen(false).build().start();
        EmbeddedTomcat tomcat = new EmbeddedTomcat(hub, "",
                Optional.of(Duration.ofMillis(300)), Optional.empty());
        try (TestHub served = served(hub, tomcat, tomcat.port(),
                "http://127.0.0.1:" + tomcat.port() + "/.well-known/mercure");
                StreamReader stream = StreamReader.open(HubFixture.subscribeUrl(served, HubFixture.topics("t:quiet")),
                        Map.of())) {
            Thread.sleep(1_500); // five times the connector's timeouts, with nothing written
            hub.publish(Update.of("t:quiet", "still here"));
            assertThat(stream.next().data()).isEqualTo("still here");
        }
    }

    @Test
    void aQuietStreamOutlivesJettysIdleTimeout() throws Exception {
        Hub hub = HubFixture.builder().listen(false).build().start();
        // Long enough for the head to be set on a busy machine (the request is dispatched back to Jetty for it).
        EmbeddedJetty jetty = new EmbeddedJetty(hub, Optional.of(Duration.ofSeconds(1)));
        try (TestHub served = served(hub, jetty, jetty.port(),
                "http://127.0.0.1:" + jetty.port() + "/.well-known/mercure");
                StreamReader stream = StreamReader.open(HubFixture.subscribeUrl(served, HubFixture.topics("t:quiet")),
                        Map.of())) {
            Thread.sleep(3_000); // three times the connector's idle timeout, with nothing written
            hub.publish(Update.of("t:quiet", "still here"));
            assertThat(stream.next().data()).isEqualTo("still here");
        }
    }

    /**
     * Tomcat reuses a finished request's response objects for a later request. A stream whose client has left is
     * still written to until its loop hears of it; those writes must not land in the next client's response.
     */
    @Test
    void aStreamWhoseClientLeftNeverWritesIntoTheNextRequest() throws Exception {
        Hub hub = HubFixture.builder().listen(false).build().start();
        EmbeddedTomcat tomcat = new EmbeddedTomcat(hub, "", Optional.empty(), Optional.empty());
        try (TestHub served = served(hub, tomcat, tomcat.port(),
                "http://127.0.0.1:" + tomcat.port() + "/.well-known/mercure")) {
            for (int i = 0; i < 200; i++) {
                StreamReader left = StreamReader.open(HubFixture.subscribeUrl(served, HubFixture.topics("t:left")),
                        Map.of());
                left.close();
                for (int j = 0; j < 5; j++) {
                    hub.publish(Update.of("t:left", "to nobody"));
                }
                try (StreamReader next = StreamReader.open(
                        HubFixture.subscribeUrl(served, HubFixture.topics("t:next-" + i)), Map.of())) {
                    hub.publish(Update.of("t:next-" + i, "for next " + i));
                    assertThat(next.next().data()).as("round %d", i).isEqualTo("for next " + i);
                }
            }
        }
    }

    @Test
    void theApplicationsLoginAuthorizesPrivateTopicsWithoutATokenInTheBrowser() throws Exception {
        Hub hub = HubFixture.builder().anonymous(false)
                .subscriberAuthorization(request -> request.principal()
                        .map(user -> SubscriberAccess.topics("https://example.com/users/" + user.getName())))
                .listen(false).build().start();
        EmbeddedTomcat tomcat = new EmbeddedTomcat(hub, "", Optional.empty(),
                Optional.of(LOGIN));
        try (TestHub served = served(hub, tomcat, tomcat.port(),
                "http://127.0.0.1:" + tomcat.port() + "/.well-known/mercure")) {
            String topics = HubFixture.topics("https://example.com/users/alice", "https://example.com/users/bob");
            try (StreamReader alice = StreamReader.open(HubFixture.subscribeUrl(served, topics),
                    Map.of("X-User", "alice"))) {
                assertThat(alice.response.statusCode()).isEqualTo(200);
                hub.publish(Update.builder().topic("https://example.com/users/bob").data("for bob")
                        .privateUpdate(true).build());
                hub.publish(Update.builder().topic("https://example.com/users/alice").data("for alice")
                        .privateUpdate(true).build());
                assertThat(alice.next().data()).as("bob's private update is not alice's").isEqualTo("for alice");
            }

            HttpResponse<Void> nobody = CLIENT.send(HttpRequest.newBuilder(URI.create(
                    HubFixture.subscribeUrl(served, topics))).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(nobody.statusCode()).as("no login and no token on a closed hub").isEqualTo(401);

            // A token keeps working beside the application's login.
            String token = Tokens.hs256(List.of(), List.of("https://example.com/users/bob"));
            try (StreamReader bob = StreamReader.open(HubFixture.subscribeUrl(served, topics),
                    Tokens.bearer(token))) {
                hub.publish(Update.builder().topic("https://example.com/users/bob").data("for bob, by token")
                        .privateUpdate(true).build());
                MessageEvent event = bob.next();
                assertThat(event.data()).isEqualTo("for bob, by token");
            }
        }
    }

    @Test
    void mountedUnderAContextPathTheHubResolvesRelativeTopicsAgainstItsOwnUrl() throws Exception {
        Hub hub = HubFixture.builder().listen(false).path("/hub").build().start();
        EmbeddedTomcat tomcat = new EmbeddedTomcat(hub, "/app", Optional.empty(), Optional.empty());
        String url = "http://127.0.0.1:" + tomcat.port() + "/app/hub";
        try (TestHub served = served(hub, tomcat, tomcat.port(), url);
                StreamReader stream = StreamReader.open(url + "?match_urlpattern=%2Fapp%2Fbooks%2F%3Aid", Map.of())) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            assertThat(stream.response.headers().firstValue("link")).hasValueSatisfying(link ->
                    assertThat(link).contains("<" + url + ">"));
            HttpResponse<String> published = HubFixture.post(served, HubFixture.PUBLISHER,
                    HubFixture.form("topic", "/app/books/1", "data", "relative"));
            assertThat(published.statusCode()).isEqualTo(200);
            MessageEvent event = stream.next();
            assertThat(event.data()).isEqualTo("relative");
            assertThat(CLIENT.send(HttpRequest.newBuilder(URI.create(url + "/elsewhere")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void mountedElsewhereTheHubNamesItsSubscriptionEventsUnderItsOwnPathAndNoPublisherCanForgeThem()
            throws Exception {
        Hub hub = HubFixture.builder().listen(false).path("/hub").subscriptions(true).build().start();
        EmbeddedTomcat tomcat = new EmbeddedTomcat(hub, "/app", Optional.empty(), Optional.empty());
        String url = "http://127.0.0.1:" + tomcat.port() + "/app/hub";
        String everything = Tokens.hs256(List.of(), List.of("*"));
        try (TestHub served = served(hub, tomcat, tomcat.port(), url);
                StreamReader watcher = StreamReader.open(url + "?topic=*", Tokens.bearer(everything));
                StreamReader subscriber = StreamReader.open(url + "?topic=books", Map.of())) {
            assertThat(subscriber.response.statusCode()).isEqualTo(200);
            // The watcher's own subscription is announced first, then the subscriber's.
            assertThat(watcher.next(2)).extracting(MessageEvent::data).allSatisfy(data ->
                    assertThat(data).contains("\"id\":\"/app/hub/subscriptions/")).anySatisfy(data ->
                    assertThat(data).contains("\"id\":\"/app/hub/subscriptions/books/urn%3Auuid%3A"));

            for (String forged : List.of("/app/hub/subscriptions/books/urn:uuid:x", "https://elsewhere.example"
                    + "/app/hub/subscriptions/x", "/app/books/../hub/subscriptions", "/app/%68ub/subscriptions/x")) {
                HttpResponse<String> published = HubFixture.post(served, HubFixture.PUBLISHER,
                        HubFixture.form("topic", forged, "data", "{\"active\":false}"));
                assertThat(published.statusCode()).as(forged).isEqualTo(400);
                assertThat(published.body()).contains("reserved");
            }
            assertThatThrownBy(() -> hub.publish(Update.of("/app/hub/subscriptions/books/x", "forged")))
                    .isInstanceOf(PublishException.class).hasMessageContaining("reserved");
            // The default path is no longer the hub's: an update there is an ordinary one.
            assertThat(HubFixture.post(served, HubFixture.PUBLISHER, HubFixture.form("topic",
                    "/.well-known/mercure/subscriptions/x/y", "data", "ordinary")).statusCode()).isEqualTo(200);
        }
    }
}
