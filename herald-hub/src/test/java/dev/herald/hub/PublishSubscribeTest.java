package dev.herald.hub;

import static dev.herald.hub.HubFixture.publish;
import static dev.herald.hub.HubFixture.subscribeUrl;
import static dev.herald.hub.HubFixture.topics;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.MessageEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PublishSubscribeTest {

    private static TestHub hub;

    @BeforeAll
    static void start() {
        hub = HubFixture.start(HubFixture.builder());
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void aSubscriberReceivesWhatIsPublishedToItsTopic() throws Exception {
        try (StreamReader stream = StreamReader.open(subscribeUrl(hub, topics("https://example.com/books/1")), Map.of())) {
            assertThat(stream.response.headers().firstValue("content-type")).contains("text/event-stream");
            assertThat(stream.response.headers().firstValue("x-accel-buffering")).contains("no");
            assertThat(stream.response.headers().firstValue("link")).contains("<" + hub.url() + ">; rel=\"mercure\"");
            String id = publish(hub, "topic", "https://example.com/books/1", "data", "{\"title\":\"Dune\"}");
            MessageEvent event = stream.next();
            assertThat(event.data()).isEqualTo("{\"title\":\"Dune\"}");
            assertThat(event.lastEventId()).isEqualTo(id).startsWith("urn:uuid:");
            assertThat(event.type()).isEqualTo("message");
        }
    }

    @Test
    void otherTopicsAreNotDelivered() throws Exception {
        try (StreamReader stream = StreamReader.open(subscribeUrl(hub, topics("https://example.com/a")), Map.of())) {
            publish(hub, "topic", "https://example.com/b", "data", "not for you");
            publish(hub, "topic", "https://example.com/a", "data", "for you");
            assertThat(stream.next().data()).isEqualTo("for you");
        }
    }

    @Test
    void idTypeRetryAndMultiLineDataAreSentAsGiven() throws Exception {
        try (StreamReader stream = StreamReader.open(subscribeUrl(hub, topics("t:fields")), Map.of())) {
            String id = publish(hub, "topic", "t:fields", "id", "custom-1", "type", "price", "retry", "2500",
                    "data", "line one\nline two\r\nline three\n");
            assertThat(id).isEqualTo("custom-1");
            assertThat(stream.next()).isEqualTo(new MessageEvent("price", "line one\nline two\nline three\n", "custom-1"));
        }
    }

    @Test
    void anUpdateWithSeveralTopicsIsDeliveredOnceToASubscriberOfSeveralOfThem() throws Exception {
        try (StreamReader stream = StreamReader.open(subscribeUrl(hub, topics("t:x", "t:y", "*")), Map.of())) {
            publish(hub, "topic", "t:x", "topic", "t:y", "data", "once");
            publish(hub, "topic", "t:x", "data", "next");
            assertThat(stream.next().data()).isEqualTo("once");
            assertThat(stream.next().data()).isEqualTo("next");
        }
    }

    @Test
    void uriTemplatesSelectMatchingTopics() throws Exception {
        try (StreamReader stream = StreamReader.open(subscribeUrl(hub, topics("https://example.com/books/{id}")),
                Map.of())) {
            publish(hub, "topic", "https://example.com/authors/1", "data", "no");
            publish(hub, "topic", "https://example.com/books/42", "data", "yes");
            assertThat(stream.next().data()).isEqualTo("yes");
        }
    }

    @Test
    void theWildcardSelectsEverything() throws Exception {
        try (StreamReader stream = StreamReader.open(subscribeUrl(hub, topics("*")), Map.of())) {
            publish(hub, "topic", "anything:at-all", "data", "x");
            assertThat(stream.next().data()).isEqualTo("x");
        }
    }

    @Test
    void mercure1MatchParametersWork() throws Exception {
        String query = "match=" + URLEncoder.encode("https://example.com/one", StandardCharsets.UTF_8)
                + "&match_urlpattern=" + URLEncoder.encode("https://example.com/items/:id", StandardCharsets.UTF_8);
        try (StreamReader stream = StreamReader.open(subscribeUrl(hub, query), Map.of())) {
            publish(hub, "topic", "https://example.com/one", "data", "exact");
            publish(hub, "topic", "https://example.com/items/7", "data", "pattern");
            publish(hub, "topic", "https://example.com/items/7/parts", "data", "no");
            publish(hub, "topic", "https://example.com/one", "data", "exact again");
            assertThat(stream.next(3)).extracting(MessageEvent::data).containsExactly("exact", "pattern", "exact again");
        }
    }

    @Test
    void manySubscribersEachReceiveEveryUpdateInOrder() throws Exception {
        StreamReader[] streams = new StreamReader[20];
        try {
            for (int i = 0; i < streams.length; i++) {
                streams[i] = StreamReader.open(subscribeUrl(hub, topics("t:many")), Map.of());
            }
            for (int n = 0; n < 200; n++) {
                publish(hub, "topic", "t:many", "data", Integer.toString(n));
            }
            for (StreamReader stream : streams) {
                for (int n = 0; n < 200; n++) {
                    assertThat(stream.next().data()).isEqualTo(Integer.toString(n));
                }
            }
        } finally {
            for (StreamReader stream : streams) {
                if (stream != null) {
                    stream.close();
                }
            }
        }
    }

    @Test
    void javaCodeInTheSameProcessPublishesDirectly() throws Exception {
        try (StreamReader stream = StreamReader.open(subscribeUrl(hub, topics("t:embedded")), Map.of())) {
            String id = hub.publish(Update.builder().topic("t:embedded").data("from java").type("note").build());
            assertThat(stream.next()).isEqualTo(new MessageEvent("note", "from java", id));
        }
    }
}
