package dev.herald.bench;

import okio.Buffer;
import okio.Source;
import okio.Timeout;

/**
 * An okio {@link Source} over an in-memory stream that hands out at most a fixed number of bytes per read, the way
 * a socket delivers a stream in pieces. Copying into the sink's segments is what reading a socket costs okio too.
 */
final class ChunkedSource implements Source {

    private final byte[] stream;
    private final int maxRead;
    private int position;

    /** A source of {@code stream}, at most {@code maxRead} bytes per read. */
    ChunkedSource(byte[] stream, int maxRead) {
        this.stream = stream;
        this.maxRead = maxRead;
    }

    @Override
    public long read(Buffer sink, long byteCount) {
        if (position == stream.length) {
            return -1;
        }
        int count = (int) Math.min(Math.min(byteCount, maxRead), stream.length - position);
        sink.write(stream, position, count);
        position += count;
        return count;
    }

    @Override
    public Timeout timeout() {
        return Timeout.NONE;
    }

    @Override
    public void close() {
        // Nothing to release: the bytes belong to the benchmark.
    }
}
