package dev.herald.spring.boot.sample;

/**
 * What the page shows of an update: its data, as JSON.
 *
 * @param kind {@code news} for everyone, {@code order} for the one user who placed it
 * @param user who it is from or for
 * @param text what it says
 */
public record Notice(String kind, String user, String text) {
}
