package dev.herald.client.internal;

import dev.herald.core.MessageEvent;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The body of one event-stream response as a blocking {@link Stream} of events. The stream is the body from the
 * start, so the response is complete as soon as headers arrive, and a failure of the body reaches whoever reads the
 * stream instead of racing with {@code send}.
 */
final class EventStreamBodySubscriber implements HttpResponse.BodySubscriber<Stream<MessageEvent>> {

    private final OneShotEventReader reader;
    private final CompletableFuture<Stream<MessageEvent>> body;

    /** A body of events, ending at the first that {@code stopWhen} accepts; see {@link OneShotEventReader}. */
    public EventStreamBodySubscriber(Predicate<? super MessageEvent> stopWhen, int maxEventBytes, int bufferedEvents) {
        BlockingEventIterator iterator = new BlockingEventIterator(bufferedEvents);
        this.reader = new OneShotEventReader(iterator, stopWhen, maxEventBytes);
        reader.start();
        this.body = CompletableFuture.completedFuture(iterator.stream());
    }

    @Override
    public CompletionStage<Stream<MessageEvent>> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        reader.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        reader.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
        reader.onError(throwable);
    }

    @Override
    public void onComplete() {
        reader.onComplete();
    }
}
