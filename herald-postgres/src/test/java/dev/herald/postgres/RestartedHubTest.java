package dev.herald.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.MessageEvent;
import dev.herald.hub.Hub;
import dev.herald.testsupport.SseSubscriber;
import dev.herald.testsupport.TestHub;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A hub restarted on the same database resumes a subscriber from the Last-Event-ID the first one issued. */
class RestartedHubTest {

    private static final String TOPIC = "https://example.com/books/1";
    private String table;

    @BeforeEach
    void setUp() {
        TestPostgres.assumeAvailable();
        table = TestPostgres.uniqueTable();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (table != null) {
            TestPostgres.drop(TestPostgres.URL, table);
        }
    }

    private Hub hub() {
        return TestHub.start(PostgresTransport.builder(TestPostgres.URL).table(table).poolSize(3).build());
    }

    @Test
    void aSubscriberResumesOnTheRestartedHubFromWhereItWas() throws Exception {
        Hub first = hub();
        try (SseSubscriber subscriber = SseSubscriber.open(TestHub.subscribeUrl(first, TOPIC), Map.of())) {
            for (int i = 1; i <= 3; i++) {
                TestHub.publish(first, TOPIC, "u" + i, "data " + i);
            }
            assertThat(subscriber.next(3)).extracting(MessageEvent::lastEventId).containsExactly("u1", "u2", "u3");
        }
        TestHub.publish(first, TOPIC, "u4", "data 4");
        first.close();

        Hub second = hub();
        try (SseSubscriber resumed = SseSubscriber.open(TestHub.subscribeUrl(second, TOPIC),
                Map.of("Last-Event-ID", "u3"))) {
            TestHub.publish(second, TOPIC, "u5", "data 5");
            List<MessageEvent> events = resumed.next(2);
            assertThat(events).extracting(MessageEvent::lastEventId).containsExactly("u4", "u5");
            assertThat(events.get(0).data()).isEqualTo("data 4");
            assertThat(resumed.poll(200)).isNull();
        } finally {
            second.close();
        }
    }
}
