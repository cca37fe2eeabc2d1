package dev.herald.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AnswerHandoffTest {

    @Test
    void anAnswerInTimeGoesToTheWaitingThread() throws Exception {
        AnswerHandoff handoff = new AnswerHandoff();
        CompletableFuture<Boolean> handedOver = CompletableFuture.supplyAsync(handoff::handOver);
        assertThat(handoff.await(TimeUnit.SECONDS.toNanos(10))).isTrue();
        assertThat(handedOver.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anAnswerAfterTheWaitIsDispatched() {
        AnswerHandoff handoff = new AnswerHandoff();
        assertThat(handoff.await(TimeUnit.MILLISECONDS.toNanos(1))).isFalse();
        assertThat(handoff.handOver()).isFalse();
    }

    @Test
    void anAnswerGivenBeforeTheWaitIsTakenAtOnce() {
        AnswerHandoff handoff = new AnswerHandoff();
        assertThat(handoff.handOver()).isTrue();
        assertThat(handoff.await(0)).isTrue();
    }

    @Test
    void aRequestEndedWithoutAnswerStopsTheWait() throws Exception {
        AnswerHandoff handoff = new AnswerHandoff();
        CompletableFuture.runAsync(handoff::release);
        assertThat(handoff.await(TimeUnit.SECONDS.toNanos(10))).isFalse();
        assertThat(handoff.handOver()).isFalse();
    }

    /** However the answer and the end of the wait race, exactly one side applies it. */
    @Test
    void exactlyOneSideAppliesTheAnswer() throws Exception {
        for (int round = 0; round < 2_000; round++) {
            AnswerHandoff handoff = new AnswerHandoff();
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<Boolean> handedOver = CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return handoff.handOver();
            });
            go.countDown();
            boolean taken = handoff.await(round % 20);
            assertThat(handedOver.get(10, TimeUnit.SECONDS)).isEqualTo(taken);
        }
    }
}
