package dev.herald.client.internal;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * Reads the start of a body that is not an event stream, such as an error page, and then finishes with what
 * {@code finisher} makes of it. It stops after {@link #LIMIT} bytes and cancels the rest, so that an endless or huge
 * body cannot hold the connection or memory.
 *
 * @param <T> the body type
 */
final class BodyStartSubscriber<T> implements HttpResponse.BodySubscriber<T> {

    /** How many bytes of the body are kept. */
    public static final int LIMIT = 1024;

    private final ByteArrayOutputStream start = new ByteArrayOutputStream();
    private final CompletableFuture<String> text = new CompletableFuture<>();
    private final CompletionStage<T> body;
    private Flow.Subscription subscription;

    /** A subscriber whose body is {@code finisher} applied to the start of the body, decoded as UTF-8. */
    public BodyStartSubscriber(Function<String, CompletionStage<T>> finisher) {
        this.body = text.thenCompose(finisher);
    }

    @Override
    public CompletionStage<T> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (text.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            int length = Math.min(buffer.remaining(), LIMIT - start.size());
            byte[] bytes = new byte[length];
            buffer.get(bytes);
            start.write(bytes, 0, length);
        }
        if (start.size() >= LIMIT) {
            subscription.cancel();
            finish();
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onError(Throwable error) {
        // The start of the body, if any, still says more than the network error that cut it short.
        finish();
    }

    @Override
    public void onComplete() {
        finish();
    }

    private void finish() {
        // A multi-byte character cut at the limit decodes to U+FFFD, which is fine for a diagnostic.
        text.complete(new String(start.toByteArray(), StandardCharsets.UTF_8));
    }
}
