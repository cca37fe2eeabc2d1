package dev.herald.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.hub.MemoryTransport;
import dev.herald.hub.Transport;
import dev.herald.hub.Transport.Replay;
import dev.herald.hub.TransportUnavailableException;
import dev.herald.hub.Update;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transport compatibility kit: what every {@link Transport} does, stated once. A transport's tests extend this
 * class, say how to open their transport ({@link #open}) and which optional abilities it has, and add only what is
 * particular to it. A third-party transport passes it to be used as Herald's own are.
 *
 * <p>The contract: appends reach the listener in one total order, one call at a time, at increasing positions, the
 * same order on every node sharing the log; a replay after an id sends what followed it at the positions the
 * listener saw, and reports the head; {@code earliest} sends everything held; an unknown id is not found; an id
 * published twice resolves to its earliest update still held; a transport that pages replays sends about the bytes
 * asked for and reads on with {@link Transport#replayAfter}, saying so when retention trimmed past the cursor
 * meanwhile; retention keeps the newest updates by count (and by age where offered); a closed transport delivers
 * nothing more; an unreachable store fails with {@link TransportUnavailableException}, never a silent loss.
 *
 * <p>Each test opens its transports through {@link #open} and this class closes them after the test, then calls
 * {@link #cleanUp()}. Opening twice within one test gives, for a transport whose log is shared
 * ({@link #sharesTheLog()}), a second node on the same log, and for a durable one ({@link #isDurable()}) the same
 * log after the first was closed.
 */
public abstract class TransportContract {

    /** What a test asks the transport to keep: {@code maxUpdates} newest, none older than {@code maxAge} (0: no limit). */
    protected record Retention(long maxUpdates, Duration maxAge) {
        /** More than any test appends, with no age limit. */
        public static final Retention PLENTY = new Retention(100_000, Duration.ZERO);

        /** The newest {@code maxUpdates}. */
        public static Retention count(long maxUpdates) {
            return new Retention(maxUpdates, Duration.ZERO);
        }

        /** None older than {@code maxAge}. */
        public static Retention age(Duration maxAge) {
            return new Retention(PLENTY.maxUpdates(), maxAge);
        }
    }

    private final List<Transport> opened = new ArrayList<>();

    /**
     * A new, not yet started transport on the store under test, keeping what {@code retention} says. The first call in
     * a test finds an empty log.
     */
    protected abstract Transport open(Retention retention) throws Exception;

    /** Whether two transports open at once in one test share one log, as nodes of one hub. */
    protected boolean sharesTheLog() {
        return false;
    }

    /** Whether a transport opened after another was closed finds its history (a store that outlives the hub). */
    protected boolean isDurable() {
        return false;
    }

    /** Whether replays are paged ({@link Transport#replay(String, long, Transport.Listener)} and replayAfter). */
    protected boolean pagesReplays() {
        return true;
    }

    /** Whether {@link Retention#maxAge()} is honoured. */
    protected boolean retainsByAge() {
        return false;
    }

    /** How many updates beyond {@code maxUpdates} count retention may keep (an approximate trim, as Redis's). */
    protected long retentionSlack() {
        return 0;
    }

    /**
     * Waits until the store holds only the newest {@code keep} updates of {@code transport}'s log, by its retention
     * opened with {@link Retention#count} {@code keep}; a transport whose retention is approximate trims here by hand.
     */
    protected void awaitTrimmedTo(Transport transport, int keep) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (history(transport).size() > keep) {
            assertThat(System.currentTimeMillis()).as("still more than " + keep + " updates held").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** A transport whose store cannot be reached, not started; empty when there is no such thing (memory). */
    protected Optional<Transport> openUnreachable() throws Exception {
        return Optional.empty();
    }

    /** Runs after each test, once its transports are closed: drop the store the test used. */
    protected void cleanUp() throws Exception {
    }

    /** Registers {@code transport} to be closed after the test (for a subclass's own tests). */
    protected final <T extends Transport> T closeAfterTest(T transport) {
        opened.add(transport);
        return transport;
    }

    @AfterEach
    final void closeTransports() throws Exception {
        for (Transport transport : opened) {
            transport.close();
        }
        opened.clear();
        cleanUp();
    }

    /** A transport opened with {@code retention} and started with {@code listener}. */
    protected final Transport started(Retention retention, Transport.Listener listener) throws Exception {
        Transport transport = closeAfterTest(open(retention));
        transport.start(listener);
        return transport;
    }

    /** An update with that id on one topic. */
    protected static Update update(String id) {
        return Update.builder().id(id).topic("https://example.com/t").data("data of " + id).build();
    }

    /** Appends updates with those ids, one after the other, each once stored. */
    protected static void appendAll(Transport transport, String... ids) throws Exception {
        for (String id : ids) {
            transport.append(update(id)).get(10, TimeUnit.SECONDS);
        }
    }

    /** The ids of {@code deliveries}. */
    /**
     * Appends {@code each} updates ({@code t<thread>-<i>}) from each of {@code threads} threads at once, and waits
     * until every one is stored.
     */
    protected static void appendConcurrently(Transport transport, int threads, int each) throws Exception {
        List<CompletableFuture<Void>> stored = new ArrayList<>();
        List<Thread> publishers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread publisher = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    CompletableFuture<Void> future = transport.append(update("t" + thread + "-" + i));
                    synchronized (stored) {
                        stored.add(future);
                    }
                }
            });
            publisher.start();
            publishers.add(publisher);
        }
        for (Thread publisher : publishers) {
            publisher.join();
        }
        CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    protected static List<String> ids(List<Received.Delivery> deliveries) {
        return deliveries.stream().map(delivery -> delivery.update().id()).toList();
    }

    /** Everything {@code transport} replays from {@code earliest}. */
    protected static List<Received.Delivery> history(Transport transport) throws Exception {
        Received history = new Received();
        transport.replay(MemoryTransport.EARLIEST, history).get(10, TimeUnit.SECONDS);
        return history.all();
    }

    @Test
    void appendsReachTheListenerInOrderOneAtATimeAtIncreasingPositions() throws Exception {
        Received live = new Received();
        Transport transport = started(Retention.PLENTY, live);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add("u" + i);
        }
        appendAll(transport, expected.toArray(String[]::new));
        List<Received.Delivery> got = live.next(50);
        assertThat(ids(got)).isEqualTo(expected);
        assertThat(got).extracting(Received.Delivery::position).isSorted().doesNotHaveDuplicates();
        assertThat(got.get(0).update()).isEqualTo(update("u0"));
        assertThat(live.overlapped()).isFalse();
        assertThat(transport.lastEventId()).contains("u49");
    }

    @Test
    void concurrentAppendsAreAllDeliveredOnceInTheOrderReplayedLater() throws Exception {
        Received live = new Received();
        Transport transport = started(Retention.PLENTY, live);
        appendConcurrently(transport, 4, 250);
        List<Received.Delivery> got = live.next(1_000);
        assertThat(got).extracting(Received.Delivery::position).isSorted().doesNotHaveDuplicates();
        assertThat(ids(got)).doesNotHaveDuplicates().hasSize(1_000);
        assertThat(history(transport)).as("the log's one order").isEqualTo(got);
        assertThat(live.overlapped()).isFalse();
        assertThat(live.poll(100)).isNull();
    }

    @Test
    void everyFieldOfAnUpdateIsKept() throws Exception {
        Transport transport = started(Retention.PLENTY, new Received());
        Update update = Update.builder().id("stored").topic("a").topic("b").data("d\nline").type("t")
                .retry(Duration.ofSeconds(3)).privateUpdate(true).build();
        Update plain = Update.builder().id("plain").topic("c").data("").build();
        transport.append(update).get(10, TimeUnit.SECONDS);
        transport.append(plain).get(10, TimeUnit.SECONDS);
        assertThat(history(transport)).extracting(Received.Delivery::update).containsExactly(update, plain);
    }

    @Test
    void aReplayAfterAnIdSendsWhatFollowsAtTheirLivePositionsAndTheHead() throws Exception {
        Received live = new Received();
        Transport transport = started(Retention.PLENTY, live);
        appendAll(transport, "u1", "u2", "u3", "u4", "u5");
        List<Received.Delivery> delivered = live.next(5);

        Received history = new Received();
        Replay replay = transport.replay("u2", history).get(10, TimeUnit.SECONDS);
        assertThat(replay).isEqualTo(new Replay(true, delivered.get(4).position()));
        assertThat(history.all()).isEqualTo(delivered.subList(2, 5));
    }

    @Test
    void earliestReplaysEverythingHeldAndAnUnknownIdIsNotFound() throws Exception {
        Received live = new Received();
        Transport transport = started(Retention.PLENTY, live);
        appendAll(transport, "e1", "e2", "e3");
        List<Received.Delivery> delivered = live.next(3);
        Received history = new Received();
        assertThat(transport.replay(MemoryTransport.EARLIEST, history).get(10, TimeUnit.SECONDS))
                .isEqualTo(new Replay(true, delivered.get(2).position()));
        assertThat(history.all()).isEqualTo(delivered);

        Received none = new Received();
        assertThat(transport.replay("urn:uuid:never-published", none).get(10, TimeUnit.SECONDS))
                .isEqualTo(new Replay(false, delivered.get(2).position()));
        assertThat(none.all()).isEmpty();
    }

    @Test
    void anEmptyLogReplaysNothingAndHasNoLastEventId() throws Exception {
        Transport transport = started(Retention.PLENTY, new Received());
        assertThat(transport.lastEventId()).isEmpty();
        Received history = new Received();
        assertThat(transport.replay(MemoryTransport.EARLIEST, history).get(10, TimeUnit.SECONDS))
                .isEqualTo(new Replay(true, 0));
        assertThat(transport.replay("nothing", history).get(10, TimeUnit.SECONDS)).isEqualTo(new Replay(false, 0));
        assertThat(history.all()).isEmpty();
    }

    @Test
    void anIdPublishedTwiceResolvesToItsEarliestUpdateStillHeld() throws Exception {
        Received live = new Received();
        Transport transport = started(Retention.count(4), live);
        appendAll(transport, "dup", "a", "dup", "b");
        live.next(4);
        Received history = new Received();
        assertThat(transport.replay("dup", history).get(10, TimeUnit.SECONDS).found()).isTrue();
        assertThat(history.ids()).containsExactly("a", "dup", "b");
        if (retentionSlack() > 0) {
            return; // retention does not trim to the update here: the transport's own tests show a trimmed reused id
        }

        appendAll(transport, "c"); // the first "dup" leaves: the second is now the earliest
        live.next(1);
        awaitTrimmedTo(transport, 4);
        Received after = new Received();
        assertThat(transport.replay("dup", after).get(10, TimeUnit.SECONDS).found()).isTrue();
        assertThat(after.ids()).containsExactly("b", "c");
    }

    @Test
    void aReplayIsPagedByBytesAndReadsOnAfterItsPosition() throws Exception {
        assumeTrue(pagesReplays(), "this transport sends a replay at once, unpaged");
        Received live = new Received();
        Transport transport = started(Retention.PLENTY, live);
        appendAll(transport, "p1", "p2", "p3", "p4", "p5");
        List<Received.Delivery> delivered = live.next(5);
        long head = delivered.get(4).position();
        // Just over one update's data and id: a page stops after the update that reaches it, so two a page.
        long bytes = Transport.pageBytes(update("p1")) + 1;

        Received first = new Received();
        assertThat(transport.replay("p1", bytes, first).get(10, TimeUnit.SECONDS)).isEqualTo(new Replay(true, head));
        assertThat(first.all()).isEqualTo(delivered.subList(1, 3));
        Received second = new Received();
        assertThat(transport.replayAfter(delivered.get(2).position(), head, bytes, second)
                .get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(second.all()).isEqualTo(delivered.subList(3, 5));
        Received none = new Received();
        assertThat(transport.replayAfter(head, head, bytes, none).get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(none.all()).isEmpty();
    }

    @Test
    void aLongHistoryIsReplayedWholeAndInOrder() throws Exception {
        Received live = new Received();
        Transport transport = started(Retention.PLENTY, live);
        int count = 2_500;
        List<CompletableFuture<Void>> appends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            appends.add(transport.append(update("l" + i)));
        }
        CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        List<Received.Delivery> delivered = live.next(count);
        assertThat(history(transport)).isEqualTo(delivered);
        Received tail = new Received();
        transport.replay(delivered.get(10).update().id(), tail).get(10, TimeUnit.SECONDS);
        assertThat(tail.all()).isEqualTo(delivered.subList(11, count));
    }

    @Test
    void aPageAfterUpdatesTrimmedMeanwhileSaysSo() throws Exception {
        assumeTrue(pagesReplays(), "this transport sends a replay at once, unpaged");
        Received live = new Received();
        Transport transport = started(Retention.count(3), live);
        appendAll(transport, "t1", "t2", "t3");
        List<Received.Delivery> delivered = live.next(3);
        Received first = new Received();
        Replay replay = transport.replay(MemoryTransport.EARLIEST, 1, first).get(10, TimeUnit.SECONDS);
        assertThat(ids(first.all())).containsExactly("t1");

        appendAll(transport, "t4", "t5", "t6"); // the newest three stay: t2 and t3 go
        live.next(3);
        awaitTrimmedTo(transport, 3);
        Received next = new Received();
        assertThat(transport.replayAfter(delivered.get(0).position(), replay.headPosition(), 1, next)
                .get(10, TimeUnit.SECONDS)).as("t2 was trimmed before the subscriber could read it").isFalse();
        assertThat(next.all()).isEmpty();
    }

    @Test
    void retentionByCountKeepsTheNewest() throws Exception {
        Transport transport = started(Retention.count(50), new Received());
        List<CompletableFuture<Void>> appends = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            appends.add(transport.append(update("r" + i)));
        }
        CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        appendAll(transport, "last");
        long deadline = System.currentTimeMillis() + 10_000;
        List<String> held = ids(history(transport));
        while (held.size() > 50 + retentionSlack() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            held = ids(history(transport));
        }
        assertThat((long) held.size()).isBetween(50L, 50 + retentionSlack());
        assertThat(held).doesNotHaveDuplicates().endsWith("last");
        List<String> kept = held;
        String trimmed = java.util.stream.IntStream.range(0, 400).mapToObj(i -> "r" + i)
                .filter(id -> !kept.contains(id)).findFirst().orElseThrow();
        assertThat(transport.replay(trimmed, new Received()).get(10, TimeUnit.SECONDS).found()).isFalse();
    }

    @Test
    void retentionByAgeTrimsWithoutAnotherPublish() throws Exception {
        assumeTrue(retainsByAge(), "this transport keeps no age limit");
        Transport transport = started(Retention.age(Duration.ofMillis(1_500)), new Received());
        appendAll(transport, "old1", "old2");
        Thread.sleep(700);
        appendAll(transport, "new1");
        awaitHistory(transport, List.of("new1"));
        awaitHistory(transport, List.of());
        assertThat(transport.replay("old1", new Received()).get(10, TimeUnit.SECONDS).found()).isFalse();
    }

    @Test
    void anotherNodeDeliversTheSameOrderAndResumesTheFirstNodesIds() throws Exception {
        assumeTrue(sharesTheLog(), "this transport's log is its node's own");
        Received liveA = new Received();
        Transport a = started(Retention.PLENTY, liveA);
        appendAll(a, "before-1", "before-2");
        liveA.next(2);
        Received liveB = new Received();
        Transport b = started(Retention.PLENTY, liveB);
        assertThat(b.lastEventId()).contains("before-2");
        appendAll(a, "a1");
        appendAll(b, "b1");
        appendAll(a, "a2");
        List<Received.Delivery> onB = liveB.next(3);
        assertThat(ids(onB)).containsExactly("a1", "b1", "a2");
        assertThat(liveA.next(3)).isEqualTo(onB);
        assertThat(liveB.poll(200)).as("a node follows from the head it found at start").isNull();

        Received history = new Received();
        assertThat(b.replay("before-2", history).get(10, TimeUnit.SECONDS))
                .isEqualTo(new Replay(true, onB.get(2).position()));
        assertThat(history.all()).isEqualTo(onB);
        assertThat(b.lastEventId()).contains("a2");
    }

    @Test
    void aReopenedLogKeepsItsHistoryAndPositionsGoOn() throws Exception {
        assumeTrue(isDurable(), "this transport's history ends with it");
        Received live = new Received();
        Transport first = started(Retention.PLENTY, live);
        appendAll(first, "before-1", "before-2", "before-3");
        List<Received.Delivery> before = live.next(3);
        first.close();

        Received again = new Received();
        Transport second = started(Retention.PLENTY, again);
        assertThat(second.lastEventId()).contains("before-3");
        appendAll(second, "after-1");
        Received.Delivery after = again.next(1).get(0);
        assertThat(after.position()).isGreaterThan(before.get(2).position());
        Received history = new Received();
        assertThat(second.replay("before-1", history).get(10, TimeUnit.SECONDS))
                .isEqualTo(new Replay(true, after.position()));
        assertThat(history.all().subList(0, 2)).isEqualTo(before.subList(1, 3));
        assertThat(history.ids()).containsExactly("before-2", "before-3", "after-1");
    }

    @Test
    void aClosedTransportDeliversNothingMore() throws Exception {
        Received live = new Received();
        Transport transport = started(Retention.PLENTY, live);
        appendAll(transport, "open");
        live.next(1);
        transport.close();
        CompletableFuture<Void> late = transport.append(update("late"));
        try {
            late.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).as("an append refused after close").isInstanceOf(
                    TransportUnavailableException.class);
        }
        if (sharesTheLog()) {
            Transport other = started(Retention.PLENTY, new Received());
            appendAll(other, "elsewhere");
        }
        assertThat(live.poll(300)).isNull();
    }

    @Test
    void anUnreachableStoreFailsAppendsAsUnavailable() throws Exception {
        Optional<Transport> unreachable = openUnreachable();
        assumeTrue(unreachable.isPresent(), "this transport has no store to be unreachable");
        Transport transport = closeAfterTest(unreachable.get());
        try {
            transport.start(new Received());
        } catch (TransportUnavailableException e) {
            // a transport may refuse to start without its store; appends must still fail as unavailable
        }
        CompletableFuture<Void> append = transport.append(update("lost"));
        try {
            append.get(15, TimeUnit.SECONDS);
            throw new AssertionError("an append to an unreachable store was acknowledged");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(TransportUnavailableException.class);
        } catch (TimeoutException e) {
            throw new AssertionError("an append to an unreachable store got no answer within 15 s", e);
        }
    }

    private static void awaitHistory(Transport transport, List<String> ids) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!ids(history(transport)).equals(ids)) {
            assertThat(System.currentTimeMillis()).as("history never became " + ids).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
