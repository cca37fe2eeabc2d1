package dev.herald.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.Update;
import dev.herald.testsupport.Received;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes append concurrently into one table while a third node and a plain SQL reader follow it: no update is
 * lost, none reordered, and a reader asking for what follows the last position it read never finds a gap (which it
 * would, for good, if positions could commit out of order).
 */
class TwoNodesTest {

    private static final int THREADS_PER_NODE = 2;
    private static final int PER_THREAD = 1_000;
    private static final int TOTAL = 2 * THREADS_PER_NODE * PER_THREAD;

    private final List<PostgresTransport> nodes = new ArrayList<>();
    private String table;

    @BeforeEach
    void setUp() {
        TestPostgres.assumeAvailable();
        table = TestPostgres.uniqueTable();
    }

    @AfterEach
    void tearDown() throws Exception {
        nodes.forEach(PostgresTransport::close);
        if (table != null) {
            TestPostgres.drop(TestPostgres.URL, table);
        }
    }

    private PostgresTransport node(Received listener) {
        PostgresTransport node = PostgresTransport.builder(TestPostgres.URL).table(table).poolSize(3)
                .historySize(100_000).build();
        nodes.add(node);
        node.start(listener);
        return node;
    }

    @Test
    void concurrentAppendsFromTwoNodesReachEveryReaderOnceInOneOrderWithoutAGap() throws Exception {
        Received onA = new Received();
        Received onB = new Received();
        Received onC = new Received();
        PostgresTransport a = node(onA);
        PostgresTransport b = node(onB);
        node(onC);

        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicLong readUpTo = new AtomicLong();
        AtomicReference<String> gap = new AtomicReference<>();
        Thread reader = new Thread(() -> readByPosition(reading, readUpTo, gap), "sql-reader");
        reader.start();

        List<CompletableFuture<Void>> stored = new ArrayList<>();
        List<Thread> publishers = new ArrayList<>();
        for (PostgresTransport node : List.of(a, b)) {
            for (int t = 0; t < THREADS_PER_NODE; t++) {
                String prefix = (node == a ? "a" : "b") + t + "-";
                Thread publisher = new Thread(() -> {
                    for (int i = 0; i < PER_THREAD; i++) {
                        CompletableFuture<Void> future = node.append(Update.builder().id(prefix + i)
                                .topic("https://example.com/t").data("x".repeat(100)).build());
                        synchronized (stored) {
                            stored.add(future);
                        }
                    }
                });
                publisher.start();
                publishers.add(publisher);
            }
        }
        for (Thread publisher : publishers) {
            publisher.join();
        }
        CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        List<Received.Delivery> deliveredOnA = onA.next(TOTAL);
        assertThat(onB.next(TOTAL)).isEqualTo(deliveredOnA);
        assertThat(onC.next(TOTAL)).isEqualTo(deliveredOnA);
        Set<String> ids = new HashSet<>();
        long previous = deliveredOnA.get(0).position() - 1;
        for (Received.Delivery delivery : deliveredOnA) {
            assertThat(delivery.position()).isEqualTo(previous + 1);
            previous = delivery.position();
            assertThat(ids.add(delivery.update().id())).as("delivered once: " + delivery.update().id()).isTrue();
        }
        assertThat(ids).hasSize(TOTAL);
        // Each publisher's own appends keep their order: its queue is taken in order.
        for (String prefix : List.of("a0-", "a1-", "b0-", "b1-")) {
            List<String> own = deliveredOnA.stream().map(delivery -> delivery.update().id())
                    .filter(id -> id.startsWith(prefix)).toList();
            assertThat(own).isEqualTo(java.util.stream.IntStream.range(0, PER_THREAD).mapToObj(i -> prefix + i)
                    .toList());
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (readUpTo.get() < previous && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        reading.set(false);
        reader.join(10_000);
        assertThat(gap.get()).as("a reader by position found a gap").isNull();
        assertThat(readUpTo.get()).isEqualTo(previous);
        assertThat(onA.overlapped() || onB.overlapped() || onC.overlapped()).isFalse();
    }

    /** Reads what follows the last position read, over and over, as fast as it can, and records any gap. */
    private void readByPosition(AtomicBoolean reading, AtomicLong readUpTo, AtomicReference<String> gap) {
        try (Connection connection = TestPostgres.connect(TestPostgres.URL);
                PreparedStatement after = connection.prepareStatement(
                        "SELECT position FROM " + table + " WHERE position > ? ORDER BY position")) {
            long last = 0;
            while (reading.get()) {
                after.setLong(1, last);
                try (ResultSet rows = after.executeQuery()) {
                    while (rows.next()) {
                        long position = rows.getLong(1);
                        if (position != last + 1) {
                            gap.compareAndSet(null, "after " + last + " came " + position);
                        }
                        last = position;
                    }
                }
                readUpTo.set(last);
            }
        } catch (Exception e) {
            gap.compareAndSet(null, "the reader failed: " + e);
        }
    }
}
