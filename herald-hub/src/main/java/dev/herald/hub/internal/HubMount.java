package dev.herald.hub.internal;

import java.util.Objects;

/**
 * The hub's path as its clients reach it: its configured path, under the application's context path where a servlet
 * container serves it. Subscription events are named under it and publishers may not use it; the front-end that
 * serves the hub says where, before it serves a request.
 */
public final class HubMount {

    private volatile String path;

    /** The hub at its configured {@code path}, until a front-end says otherwise. */
    public HubMount(String path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    /** The path, such as {@code /.well-known/mercure} or {@code /app/hub}. */
    public String path() {
        return path;
    }

    /** The front-end serves the hub at {@code path} (a servlet container: its context path and the hub's). */
    public void servedAt(String path) {
        this.path = Objects.requireNonNull(path, "path");
    }
}
