package dev.herald.hub.frontend;

/**
 * A stream's output, as a front-end offers it: it takes bytes without blocking and sends them when the connection
 * can take them. The hub calls every method on the stream's event loop, and cuts the subscriber off when
 * {@link #unsentBytes()} passes its bound; the front-end tells the hub when the connection can take more again, and
 * when it is gone ({@link ServedRequest}).
 */
public interface StreamOutput {

    /** Queues {@code bytes} (already framed as events; the array is shared, never changed). */
    void write(byte[] bytes);

    /** Sends what was queued. */
    void flush();

    /** Bytes queued and not yet taken by the connection; may be read from any thread. */
    long unsentBytes();

    /** Ends the response cleanly once what is queued is sent (a client reconnects from such an end). */
    void end();

    /** Closes the connection at once, dropping what was not sent. */
    void abort();
}
