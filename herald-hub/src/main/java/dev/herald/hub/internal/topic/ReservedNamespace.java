package dev.herald.hub.internal.topic;

/**
 * The topics that are the hub's own, which no publisher may use: its URL's path and everything below it, where
 * subscription events live ({@code /subscriptions/...}). One rule for a publisher's form and for
 * {@code Hub.publish} alike. Both paths are the hub's: the one it is mounted at, and the one of the URL a request names
 * it by (a configured resource identifier's may differ from the mount).
 *
 * @param hubUrl the hub's URL as the request reached it, which relative topics resolve against
 * @param mountedPath where the hub is served, under which its subscription events are named
 */
public record ReservedNamespace(HubUrl hubUrl, String mountedPath) {

    /** Whether {@code topic}, resolved against the hub's URL, names either path or a path below it. */
    public boolean reserves(String topic) {
        return hubUrl.reserves(topic) || hubUrl.withPath(mountedPath).reserves(topic);
    }

    /** The reserved path, for a refusal's message. */
    public String describe() {
        return hubUrl.path().equals(mountedPath) ? mountedPath : mountedPath + " and " + hubUrl.path();
    }
}
