package dev.herald.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    @Test
    void runsTasksOneAtATimeInOrderPerSubmitter() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            int submitters = 4;
            int perSubmitter = 5_000;
            AtomicInteger running = new AtomicInteger();
            List<List<Integer>> seen = new ArrayList<>();
            for (int s = 0; s < submitters; s++) {
                seen.add(new ArrayList<>()); // touched only by serial tasks
            }
            CountDownLatch done = new CountDownLatch(submitters * perSubmitter);
            boolean[] overlapped = new boolean[1];
            List<Thread> threads = new ArrayList<>();
            for (int s = 0; s < submitters; s++) {
                int submitter = s;
                threads.add(new Thread(() -> {
                    for (int i = 0; i < perSubmitter; i++) {
                        int value = i;
                        serial.execute(() -> {
                            if (running.incrementAndGet() != 1) {
                                overlapped[0] = true;
                            }
                            seen.get(submitter).add(value);
                            running.decrementAndGet();
                            done.countDown();
                        });
                    }
                }));
            }
            threads.forEach(Thread::start);
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            CountDownLatch last = new CountDownLatch(1);
            serial.execute(last::countDown); // publishes the tasks' writes to this thread
            assertThat(last.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(overlapped[0]).isFalse();
            for (List<Integer> values : seen) {
                assertThat(values).hasSize(perSubmitter).isSorted();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTaskSubmittedFromATaskRunsAfterItNotInsideIt() {
        SerialExecutor serial = new SerialExecutor(Runnable::run);
        List<String> order = new ArrayList<>();
        serial.execute(() -> {
            order.add("outer start");
            serial.execute(() -> order.add("inner"));
            order.add("outer end");
        });
        assertThat(order).containsExactly("outer start", "outer end", "inner");
    }

    @Test
    void aFailingTaskDoesNotStopTheQueue() {
        SerialExecutor serial = new SerialExecutor(Runnable::run);
        List<String> order = new ArrayList<>();
        serial.execute(() -> {
            throw new IllegalStateException("expected by the test");
        });
        serial.execute(() -> order.add("after"));
        assertThat(order).containsExactly("after");
    }
}
