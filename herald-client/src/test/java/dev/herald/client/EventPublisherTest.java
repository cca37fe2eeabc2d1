package dev.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.MessageEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@link Flow.Publisher} view: demand drives delivery and the network, and the ends are signalled. */
@Timeout(30)
class EventPublisherTest {

    private static final ReconnectPolicy QUICK = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(10)).build();

    @Test
    void deliversExactlyWhatIsRequested() throws Exception {
        CountDownLatch clientClosed = new CountDownLatch(1);
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
            exchange.openStream();
            StringBuilder ten = new StringBuilder();
            for (int i = 1; i <= 10; i++) {
                ten.append("data: ").append(i).append("\n\n");
            }
            exchange.send(ten.toString());
            if (exchange.awaitClientClose(Duration.ofSeconds(5))) {
                clientClosed.countDown();
            }
        })) {
            RecordingSubscriber subscriber = new RecordingSubscriber();
            EventSource.builder(server.uri("/")).publisher().subscribe(subscriber);
            subscriber.subscription().request(3);
            for (int i = 1; i <= 3; i++) {
                assertThat(subscriber.nextEvent().data()).isEqualTo(String.valueOf(i));
            }
            assertThat(subscriber.events.poll(200, TimeUnit.MILLISECONDS)).as("nothing beyond the demand").isNull();
            subscriber.subscription().request(7);
            for (int i = 4; i <= 10; i++) {
                assertThat(subscriber.nextEvent().data()).isEqualTo(String.valueOf(i));
            }
            subscriber.subscription().cancel();
            assertThat(clientClosed.await(5, TimeUnit.SECONDS)).as("cancel closes the connection").isTrue();
            assertThat(subscriber.terminal.poll(200, TimeUnit.MILLISECONDS)).as("no signal after cancel").isNull();
        }
    }

    @Test
    void withoutDemandTheNetworkIsNotRead() throws Exception {
        AtomicReference<ServerExchange> serverSide = new AtomicReference<>();
        byte[] event = ("data: " + "z".repeat(1017) + "\n\n").getBytes(StandardCharsets.US_ASCII);
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
            serverSide.set(exchange);
            exchange.openStream();
            while (exchange.bytesSent() < 256L * 1024 * 1024) {
                exchange.send(event);
            }
        })) {
            RecordingSubscriber subscriber = new RecordingSubscriber();
            EventSource.builder(server.uri("/")).publisher().subscribe(subscriber);
            subscriber.subscription().request(1);
            subscriber.nextEvent();
            long stalledAt = Backpressure.awaitStall(serverSide.get());
            assertThat(stalledAt).isLessThan(32L * 1024 * 1024);
            assertThat(subscriber.events).isEmpty();
            subscriber.subscription().request(5000);
            for (int i = 0; i < 5000; i++) {
                subscriber.nextEvent();
            }
            Backpressure.awaitResume(serverSide.get(), stalledAt);
            subscriber.subscription().cancel();
        }
    }

    @Test
    void networkErrorsReconnectWithoutEndingTheSubscription() throws Exception {
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
            exchange.openStream();
            exchange.send("retry: 10\nid: " + request.index() + "\ndata: connection " + request.index() + "\n\n");
            exchange.drop();
        })) {
            RecordingSubscriber subscriber = new RecordingSubscriber();
            EventSource.builder(server.uri("/")).publisher().subscribe(subscriber);
            subscriber.subscription().request(3);
            assertThat(subscriber.nextEvent()).isEqualTo(new MessageEvent("message", "connection 0", "0"));
            assertThat(subscriber.nextEvent()).isEqualTo(new MessageEvent("message", "connection 1", "1"));
            assertThat(subscriber.nextEvent()).isEqualTo(new MessageEvent("message", "connection 2", "2"));
            server.takeRequest();
            assertThat(server.takeRequest().header("Last-Event-ID")).hasValue("0");
            assertThat(subscriber.terminal).isEmpty();
            subscriber.subscription().cancel();
        }
    }

    @Test
    void noContentCompletesTheSubscriber() throws Exception {
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> exchange.respond(204, ""))) {
            RecordingSubscriber subscriber = new RecordingSubscriber();
            EventSource.builder(server.uri("/")).publisher().subscribe(subscriber);
            assertThat(subscriber.terminal.poll(5, TimeUnit.SECONDS)).isEqualTo(RecordingSubscriber.COMPLETE);
        }
    }

    @Test
    void aFailureForGoodEndsTheSubscriptionWithTheError() throws Exception {
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
            if (request.index() == 0) {
                exchange.openStream();
                exchange.send("retry: 10\ndata: before\n\n");
                exchange.end();
            } else {
                exchange.respond(404, "gone");
            }
        })) {
            RecordingSubscriber subscriber = new RecordingSubscriber();
            EventSource.builder(server.uri("/")).reconnectPolicy(QUICK).publisher().subscribe(subscriber);
            subscriber.subscription().request(10);
            assertThat(subscriber.nextEvent().data()).isEqualTo("before");
            Object end = subscriber.terminal.poll(5, TimeUnit.SECONDS);
            assertThat(end).isInstanceOf(EventSourceException.class);
            assertThat(((EventSourceException) end).status()).hasValue(404);
            assertThat(subscriber.events).isEmpty();
        }
    }

    @Test
    void aNonPositiveRequestIsAnError() throws Exception {
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
            exchange.openStream();
            exchange.awaitClientClose(Duration.ofSeconds(5));
        })) {
            RecordingSubscriber subscriber = new RecordingSubscriber();
            EventSource.builder(server.uri("/")).publisher().subscribe(subscriber);
            subscriber.subscription().request(0);
            assertThat(subscriber.terminal.poll(5, TimeUnit.SECONDS)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void eachSubscriberGetsItsOwnConnectionAndTheListenerSeesBoth() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (ScriptedServer server = ScriptedServer.start((request, exchange) -> {
            exchange.openStream();
            exchange.send("data: for connection " + request.index() + "\n\n");
            exchange.awaitClientClose(Duration.ofSeconds(5));
        })) {
            Flow.Publisher<MessageEvent> publisher = EventSource.builder(server.uri("/")).listener(listener).publisher();
            RecordingSubscriber first = new RecordingSubscriber();
            RecordingSubscriber second = new RecordingSubscriber();
            publisher.subscribe(first);
            first.subscription().request(1);
            assertThat(first.nextEvent().data()).isEqualTo("for connection 0");
            publisher.subscribe(second);
            second.subscription().request(1);
            assertThat(second.nextEvent().data()).isEqualTo("for connection 1");
            assertThat(listener.nextEvent().data()).isEqualTo("for connection 0");
            assertThat(listener.nextEvent().data()).isEqualTo("for connection 1");
            first.subscription().cancel();
            second.subscription().cancel();
        }
    }

    /** Records what a publisher signals; requests nothing by itself. */
    static final class RecordingSubscriber implements Flow.Subscriber<MessageEvent> {
        static final Object COMPLETE = "complete";

        final BlockingQueue<MessageEvent> events = new LinkedBlockingQueue<>();
        final BlockingQueue<Object> terminal = new LinkedBlockingQueue<>();
        private final CountDownLatch subscribed = new CountDownLatch(1);
        private volatile Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscribed.countDown();
        }

        @Override
        public void onNext(MessageEvent item) {
            events.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            terminal.add(throwable);
        }

        @Override
        public void onComplete() {
            terminal.add(COMPLETE);
        }

        Flow.Subscription subscription() throws InterruptedException {
            assertThat(subscribed.await(5, TimeUnit.SECONDS)).isTrue();
            return subscription;
        }

        MessageEvent nextEvent() throws InterruptedException {
            MessageEvent event = events.poll(5, TimeUnit.SECONDS);
            assertThat(event).as("an event within 5 seconds").isNotNull();
            return event;
        }
    }
}
