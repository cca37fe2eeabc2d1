package dev.herald.loadgen;

import java.nio.charset.StandardCharsets;

/**
 * What an event's data carries: its sequence number on its topic and when it was due to be sent, in
 * {@link System#nanoTime()} units. The publisher and the subscribers live in one process, so one monotonic clock
 * serves both ends.
 *
 * @param sequence the event's number on its topic, from 0
 * @param sentNanos the {@code System.nanoTime()} at which the event was due to be published
 */
public record Payload(long sequence, long sentNanos) {

    /** The data text: {@code "SEQ NANOS "} padded with {@code x} to {@code size} bytes (never cut shorter). */
    public String encode(int size) {
        StringBuilder text = new StringBuilder(Math.max(size, 40));
        text.append(sequence).append(' ').append(sentNanos).append(' ');
        while (text.length() < size) {
            text.append('x');
        }
        return text.toString();
    }

    /** Warm-up data of {@code size} bytes that {@link #parse} rejects, so subscribers count it nowhere. */
    public static String warmup(int size) {
        StringBuilder text = new StringBuilder(Math.max(size, 8)).append("warmup ");
        while (text.length() < size) {
            text.append('x');
        }
        return text.toString();
    }

    /** The data as UTF-8 bytes, see {@link #encode(int)}. */
    public byte[] encodeBytes(int size) {
        return encode(size).getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads a payload from event data; null when the data is not one (a hub's own event, say). */
    public static Payload parse(String data) {
        int firstSpace = data.indexOf(' ');
        if (firstSpace <= 0) {
            return null;
        }
        int secondSpace = data.indexOf(' ', firstSpace + 1);
        if (secondSpace < 0) {
            secondSpace = data.length();
        }
        long sequence = parseLong(data, 0, firstSpace);
        long sent = parseLong(data, firstSpace + 1, secondSpace);
        if (sequence < 0 || sent == Long.MIN_VALUE) {
            return null;
        }
        return new Payload(sequence, sent);
    }

    /** A decimal number, possibly negative (nanoTime may be); Long.MIN_VALUE when the text is not one. */
    private static long parseLong(String text, int from, int to) {
        boolean negative = from < to && text.charAt(from) == '-';
        int at = negative ? from + 1 : from;
        if (at == to || to - at > 18) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (; at < to; at++) {
            char c = text.charAt(at);
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
            value = value * 10 + (c - '0');
        }
        return negative ? -value : value;
    }
}
