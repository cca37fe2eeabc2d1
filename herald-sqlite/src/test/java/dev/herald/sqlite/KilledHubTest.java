package dev.herald.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testsupport.HubProcess;
import dev.herald.testsupport.ResumingSubscriber;
import dev.herald.testsupport.TestHub;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test: a hub in a JVM of its own on a SQLite history, {@value #PUBLISHERS} publishers sending
 * {@value #UPDATES} updates over as many connections at once, and the hub killed with SIGKILL mid-way, then
 * started again on the same file. Every update answered 200 must be in the history, in order, once; nothing answered
 * 503 may be; and subscribers resuming with their Last-Event-ID must receive exactly the history that followed.
 */
class KilledHubTest {

    private static final String TOPIC = "https://example.com/crash";
    private static final int PUBLISHERS = 8;
    private static final int UPDATES = 10_000;
    private static final int KILL_AFTER = 4_000;

    @TempDir
    Path dir;

    private final AtomicReference<String> url = new AtomicReference<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger acknowledgedCount = new AtomicInteger();
    /** What each publisher had answered 200, in the order it was answered. */
    private final Map<Integer, List<String>> acknowledged = new HashMap<>();
    private final Set<String> attempted = Collections.synchronizedSet(new HashSet<>());
    private final Set<String> refused = Collections.synchronizedSet(new HashSet<>());
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyAcknowledgedUpdateSurvivesSigkillInOrderOnce() throws Exception {
        Path file = dir.resolve("history.db");
        List<String> log;
        try (HubProcess first = HubProcess.start(SqliteHubMain.class, file.toString())) {
            url.set(first.url());
            ResumingSubscriber live = ResumingSubscriber.open("live", subscribeUrl(first.url()), Map.of());
            List<Thread> publishers = startPublishers();
            long deadline = System.currentTimeMillis() + 30_000;
            while (acknowledgedCount.get() < KILL_AFTER && System.currentTimeMillis() < deadline) {
                Thread.sleep(1);
            }
            assertThat(failure.get()).isNull();
            assertThat(acknowledgedCount.get()).as("acknowledged before the kill").isGreaterThanOrEqualTo(KILL_AFTER);
            first.kill();
            int acknowledgedAtKill = acknowledgedCount.get();

            try (HubProcess second = HubProcess.start(SqliteHubMain.class, file.toString())) {
                url.set(second.url());
                live.resumeAt(subscribeUrl(second.url()));
                for (Thread publisher : publishers) {
                    publisher.join(40_000);
                    assertThat(publisher.isAlive()).as("publisher finished").isFalse();
                }
                assertThat(failure.get()).isNull();
                assertThat(acknowledgedAtKill).as("the kill came mid-way").isLessThan(UPDATES);

                log = HistoryRows.ids(file);
                assertThat(log).doesNotHaveDuplicates().containsAll(allAcknowledged());
                assertThat(attempted).containsAll(log);
                assertThat(log.stream().filter(refused::contains).toList()).as("stored though answered 503").isEmpty();
                for (List<String> sent : acknowledged.values()) {
                    // A publisher sends its next update only once the previous one was answered: log order follows.
                    assertThat(log.stream().filter(new HashSet<>(sent)::contains).toList()).isEqualTo(sent);
                }
                // What the log holds beyond the acknowledged: updates committed whose answer the kill cut off.
                List<String> unanswered = log.stream().filter(id -> !allAcknowledged().contains(id)).toList();
                assertThat(unanswered.size()).as("committed but unanswered " + unanswered)
                        .isLessThanOrEqualTo(PUBLISHERS);

                String firstAcknowledged = log.stream().filter(allAcknowledged()::contains).findFirst().orElseThrow();
                ResumingSubscriber resumed = ResumingSubscriber.open("resumed", subscribeUrl(second.url()),
                        Map.of("Last-Event-ID", firstAcknowledged));
                List<String> expected = log.subList(log.indexOf(firstAcknowledged) + 1, log.size());
                long until = System.currentTimeMillis() + 15_000;
                assertThat(resumed.awaitEvents(expected.size(), until)).isEqualTo(expected);
                assertThat(live.awaitEvents(log.size(), until)).isEqualTo(log);
                Thread.sleep(200);
                assertThat(resumed.awaitEvents(expected.size() + 1, 0)).hasSize(expected.size());
                assertThat(live.awaitEvents(log.size() + 1, 0)).hasSize(log.size());
                resumed.close();
                live.close();
                System.out.printf("crash test: %d acknowledged before the kill, %d in all, %d committed but"
                        + " unanswered, %d refused with 503%n", acknowledgedAtKill, allAcknowledged().size(),
                        unanswered.size(), refused.size());
            }
        }
    }

    private List<Thread> startPublishers() {
        List<Thread> publishers = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            int publisher = p;
            List<String> mine = Collections.synchronizedList(new ArrayList<>());
            acknowledged.put(publisher, mine);
            Thread thread = new Thread(() -> {
                try {
                    publish(publisher, mine);
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "publisher-" + p);
            thread.start();
            publishers.add(thread);
        }
        return publishers;
    }

    /** Sends updates until {@value #UPDATES} are acknowledged in all; an attempt not answered 200 is retried anew. */
    private void publish(int publisher, List<String> mine) throws Exception {
        long giveUp = System.currentTimeMillis() + 45_000;
        int n;
        while ((n = next.getAndIncrement()) < UPDATES) {
            for (int attempt = 0; ; attempt++) {
                if (System.currentTimeMillis() > giveUp) {
                    throw new AssertionError("publisher " + publisher + " stuck at update " + n);
                }
                String id = "p" + publisher + "-u" + n + "-" + attempt;
                attempted.add(id);
                int status;
                try {
                    HttpResponse<String> response = TestHub.post(url.get(), "topic", TOPIC, "id", id,
                            "data", "x".repeat(100));
                    status = response.statusCode();
                } catch (IOException e) {
                    status = -1; // the kill: stored or not, we cannot know
                }
                if (status == 200) {
                    mine.add(id);
                    acknowledgedCount.incrementAndGet();
                    break;
                }
                if (status == 503) {
                    refused.add(id);
                }
                Thread.sleep(20);
            }
        }
    }

    private Set<String> allAcknowledged() {
        Set<String> all = new HashSet<>();
        acknowledged.values().forEach(all::addAll);
        return all;
    }

    private static String subscribeUrl(String hub) {
        return hub + "?topic=" + URLEncoder.encode(TOPIC, StandardCharsets.UTF_8);
    }

}
