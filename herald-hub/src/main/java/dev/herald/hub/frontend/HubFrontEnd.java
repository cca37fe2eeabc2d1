package dev.herald.hub.frontend;

import dev.herald.hub.Hub;
import dev.herald.hub.internal.assembly.HubInternals;
import dev.herald.hub.internal.http.ChannelExchange;
import dev.herald.hub.internal.http.HubContext;
import dev.herald.hub.internal.http.Refusals;
import dev.herald.hub.internal.http.Routes;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;

/**
 * A {@link Hub} as a front-end serves it: a server other than the hub's own hands it each request and carries its
 * answers. The hub must be built with {@code listen(false)} and started; the front-end does not close it.
 */
public final class HubFrontEnd {

    private final HubContext hub;
    private final Routes routes;

    private HubFrontEnd(HubContext hub) {
        this.hub = hub;
        this.routes = new Routes(hub, false);
    }

    /** The front-end's view of {@code hub}. */
    public static HubFrontEnd of(Hub hub) {
        return new HubFrontEnd(HubInternals.contextOf(Objects.requireNonNull(hub, "hub")));
    }

    /** The hub's path, relative to where the front-end serves applications (a servlet context path). */
    public String path() {
        return hub.settings().path();
    }

    /** The largest request body the hub takes; a front-end refuses a larger one with {@link #bodyTooLarge()}. */
    public int maxRequestBytes() {
        return hub.settings().maxRequestBytes();
    }

    /** The 413 of a request whose body is over {@link #maxRequestBytes()}; the connection closes after it. */
    public HubResponse bodyTooLarge() {
        return Refusals.bodyTooLarge(maxRequestBytes());
    }

    /**
     * The front-end serves the hub at {@code mountedPath}, as clients see it (a servlet context path and
     * {@link #path()}): its subscription events are named there. Tell it before the first request.
     */
    public void servedAt(String mountedPath) {
        hub.mount().servedAt(mountedPath);
    }

    /**
     * Serves {@code request} on one of the hub's event loops, answering through {@code channel}; returns at once.
     * The front-end tells the returned handle when the connection can take more and when it is gone.
     */
    public ServedRequest serve(HubRequest request, ResponseChannel channel) {
        ChannelExchange exchange = new ChannelExchange(hub, request, channel);
        try {
            exchange.loop().execute(() -> routes.serve(exchange));
        } catch (RejectedExecutionException e) {
            channel.send(Refusals.stopping());
        }
        return exchange;
    }
}
