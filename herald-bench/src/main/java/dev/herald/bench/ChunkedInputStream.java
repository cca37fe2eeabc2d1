package dev.herald.bench;

import java.io.InputStream;

/**
 * An {@link InputStream} over an in-memory stream that hands out at most a fixed number of bytes per read, the way
 * a socket delivers a stream in pieces. Unlike {@link java.io.ByteArrayInputStream} it is unsynchronized, so the
 * parser reading it pays no locking a socket stream would not.
 */
final class ChunkedInputStream extends InputStream {

    private final byte[] stream;
    private final int maxRead;
    private int position;

    /** A stream of {@code stream}, at most {@code maxRead} bytes per read. */
    ChunkedInputStream(byte[] stream, int maxRead) {
        this.stream = stream;
        this.maxRead = maxRead;
    }

    @Override
    public int read() {
        return position == stream.length ? -1 : stream[position++] & 0xFF;
    }

    @Override
    public int read(byte[] destination, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (position == stream.length) {
            return -1;
        }
        int count = Math.min(Math.min(length, maxRead), stream.length - position);
        System.arraycopy(stream, position, destination, offset, count);
        position += count;
        return count;
    }
}
