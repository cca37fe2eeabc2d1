package dev.herald.client;

import static org.assertj.core.api.Assertions.fail;

import dev.herald.core.MessageEvent;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A listener that records every call, for tests to wait on and inspect. */
class RecordingListener implements EventSourceListener {

    final BlockingQueue<HttpResponse.ResponseInfo> opens = new LinkedBlockingQueue<>();
    final BlockingQueue<MessageEvent> events = new LinkedBlockingQueue<>();
    final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
    /** Every call in order: "open", "event:" + data, "comment:" + text, "error:" + class name, "closed". */
    private final List<String> calls = new ArrayList<>();
    /** The source's state during each onError call. */
    final BlockingQueue<ReadyState> statesAtError = new LinkedBlockingQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public void onOpen(EventSource source, HttpResponse.ResponseInfo response) {
        record("open");
        opens.add(response);
    }

    @Override
    public void onEvent(EventSource source, MessageEvent event) {
        record("event:" + event.data());
        events.add(event);
    }

    @Override
    public void onComment(EventSource source, String comment) {
        record("comment:" + comment);
        comments.add(comment);
    }

    @Override
    public void onError(EventSource source, Throwable error) {
        record("error:" + error.getClass().getSimpleName());
        statesAtError.add(source.state());
        errors.add(error);
    }

    @Override
    public void onClosed(EventSource source) {
        record("closed");
        closed.countDown();
    }

    /** The next event, waiting up to 5 seconds. */
    MessageEvent nextEvent() throws InterruptedException {
        return next(events, "event");
    }

    /** The next error, waiting up to 5 seconds. */
    Throwable nextError() throws InterruptedException {
        return next(errors, "error");
    }

    /** Waits up to 5 seconds for onClosed. */
    void awaitClosed() throws InterruptedException {
        if (!closed.await(5, TimeUnit.SECONDS)) {
            fail("onClosed was not called within 5 seconds; calls: " + calls());
        }
    }

    boolean isClosed() {
        return closed.getCount() == 0;
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    private synchronized void record(String call) {
        calls.add(call);
    }

    private <T> T next(BlockingQueue<T> queue, String what) throws InterruptedException {
        T value = queue.poll(5, TimeUnit.SECONDS);
        if (value == null) {
            fail("no " + what + " within 5 seconds; calls: " + calls());
        }
        return value;
    }
}
