package dev.herald.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A subscriber's stream lives on a stream loop, apart from the loops that read the hub's requests (so that requests
 * never wait behind the streams' work, see bench/mass-disconnect.sh): a connection whose request subscribes moves
 * there before the request is served, and what a client sent behind that request is served there too, in order.
 */
class StreamLoopsTest {

    @Test
    void aSubscriptionIsServedOnAStreamLoop() throws Exception {
        AtomicReference<String> servedOn = new AtomicReference<>();
        HubBuilder builder = HubFixture.builder().subscriberAuthorization(request -> {
            servedOn.set(Thread.currentThread().getName());
            return Optional.of(SubscriberAccess.publicOnly());
        });
        try (TestHub hub = HubFixture.start(builder); RawHttp client = new RawHttp(hub)) {
            client.send("GET /.well-known/mercure?topic=t:a HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(servedOn.get()).startsWith("herald-streams");
        }
    }

    @Test
    void requestsPipelinedBehindARefusedSubscriptionAreAnsweredInOrder() throws Exception {
        try (TestHub hub = HubFixture.start(HubFixture.builder()); RawHttp client = new RawHttp(hub)) {
            // A subscription without a topic is refused (400) after its connection moved; the two requests behind it
            // arrived before the move was over.
            client.send("GET /.well-known/mercure HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /.well-known/mercure/subscriptions/none HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "OPTIONS /.well-known/mercure HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            String answers = client.untilClosed();
            assertThat(answers.lines().filter(line -> line.startsWith("HTTP/1.1 ")).toList())
                    .hasSize(3)
                    .first().isEqualTo("HTTP/1.1 400 Bad Request");
        }
    }
}
