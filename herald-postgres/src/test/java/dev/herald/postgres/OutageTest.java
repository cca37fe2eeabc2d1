package dev.herald.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.MemoryTransport;
import dev.herald.hub.TransportUnavailableException;
import dev.herald.hub.Update;
import dev.herald.testsupport.PrivatePostgres;
import dev.herald.testsupport.Received;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away and comes back (a private server, stopped and started on the same port and data): appends
 * get 503 at once meanwhile, the node reports not ready, and once it is back the node reads on from the position it
 * had delivered, including what another node stored as soon as the server returned.
 */
class OutageTest {

    private PrivatePostgres postgres;
    private final List<PostgresTransport> nodes = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        postgres = PrivatePostgres.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        nodes.forEach(PostgresTransport::close);
        if (postgres != null) {
            postgres.close();
        }
    }

    private PostgresTransport node(Received listener) {
        PostgresTransport node = PostgresTransport.builder(postgres.url()).poolSize(3).build();
        nodes.add(node);
        node.start(listener);
        return node;
    }

    private static Update update(String id) {
        return Update.builder().id(id).topic("https://example.com/t").data("data of " + id).build();
    }

    @Test
    void appendsFailAtOnceWhileItIsDownAndTheTailCatchesUpWhenItReturns() throws Exception {
        Received live = new Received();
        PostgresTransport node = node(live);
        for (int i = 0; i < 10; i++) {
            node.append(update("before-" + i)).get(10, TimeUnit.SECONDS);
        }
        List<Received.Delivery> before = live.next(10);
        assertThat(node.isAvailable()).isTrue();

        postgres.stop();
        long deadline = System.currentTimeMillis() + 10_000;
        while (node.isAvailable() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(node.isAvailable()).as("not ready while PostgreSQL is down").isFalse();
        long asked = System.nanoTime();
        CompletableFuture<Void> refused = node.append(update("during"));
        try {
            refused.get(5, TimeUnit.SECONDS);
            throw new AssertionError("an append was acknowledged while PostgreSQL was down");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(TransportUnavailableException.class);
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked)).as("answered at once").isLessThan(500);

        postgres.startAgain();
        // Another node stores first, as soon as the server is back: this node must read it by position.
        Received other = new Received();
        PostgresTransport second = node(other);
        second.append(update("from-the-other-node")).get(10, TimeUnit.SECONDS);
        deadline = System.currentTimeMillis() + 15_000;
        while (!node.isAvailable() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(node.isAvailable()).as("ready again").isTrue();
        node.append(update("after")).get(10, TimeUnit.SECONDS);

        List<Received.Delivery> after = live.next(2);
        assertThat(after).extracting(delivery -> delivery.update().id())
                .containsExactly("from-the-other-node", "after");
        assertThat(after.get(0).position()).isEqualTo(before.get(9).position() + 1);
        assertThat(live.poll(300)).isNull();
        Received history = new Received();
        node.replay(MemoryTransport.EARLIEST, history).get(10, TimeUnit.SECONDS);
        assertThat(history.ids()).hasSize(12).doesNotContain("during");
    }
}
