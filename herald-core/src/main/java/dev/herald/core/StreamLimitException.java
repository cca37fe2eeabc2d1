package dev.herald.core;

/**
 * Thrown when a stream holds a line or an event larger than the parser's limit, so that a hostile or broken
 * stream cannot exhaust memory. The parser that threw it refuses further input.
 */
public final class StreamLimitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long limit;

    StreamLimitException(String what, long size, long limit) {
        super(what + " of at least " + size + " bytes exceeds the limit of " + limit + " bytes");
        this.limit = limit;
    }

    /** The limit, in bytes, that the stream went past. */
    public long limit() {
        return limit;
    }
}
