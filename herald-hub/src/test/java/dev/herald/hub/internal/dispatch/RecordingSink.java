package dev.herald.hub.internal.dispatch;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A stream sink that keeps what it was given: each write's event text, flushes, the end. Its writability is set by
 * the test; {@link #onWrite} lets a test act from inside a write, as a connection's failure would.
 */
final class RecordingSink implements StreamSink {

    final List<String> events = new ArrayList<>();
    int flushes;
    boolean writable = true;
    String openedWith;
    boolean opened;
    boolean ended;
    boolean closed;
    Runnable onWrite = () -> { };

    @Override
    public void open(String lastEventId) {
        opened = true;
        openedWith = lastEventId;
    }

    @Override
    public void write(EncodedUpdate update) {
        ByteBuf bytes = update.eventForOneWrite();
        try {
            events.add(bytes.toString(StandardCharsets.UTF_8));
        } finally {
            bytes.release();
        }
        onWrite.run();
    }

    @Override
    public void flush() {
        flushes++;
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public long pendingBytes() {
        return 0;
    }

    @Override
    public void end() {
        ended = true;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Each write as the id of its event, or {@code ":"} for a comment. */
    List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (String event : events) {
            String id = ":";
            for (String line : event.split("\n")) {
                if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                }
            }
            ids.add(id);
        }
        return ids;
    }
}
