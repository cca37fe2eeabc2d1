package dev.herald.hub.internal.dispatch;

/**
 * Where one subscriber's stream goes: the connection seen from the dispatch core, which knows no HTTP. Made once
 * per stream; every method runs on the stream's event loop.
 */
public interface StreamSink {

    /** Writes the response head, naming the Last-Event-ID the stream resumes from (null for none); first, once. */
    void open(String lastEventId);

    /** Queues one update's (or comment's) bytes, sharing its encoded buffer; the caller keeps its own reference. */
    void write(EncodedUpdate update);

    /** Sends what was queued since the last flush. */
    void flush();

    /** Whether the connection takes more without passing its bound of unsent bytes. */
    boolean isWritable();

    /** Bytes queued and not yet taken by the network; may be read from any thread. */
    long pendingBytes();

    /** Ends the response cleanly (its last chunk; 503 with Retry-After if it never opened), then closes. */
    void end();

    /** Closes the connection at once, dropping what was not sent. */
    void close();
}
