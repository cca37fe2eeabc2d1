package dev.herald.hub.internal.assembly;

import dev.herald.hub.Hub;
import dev.herald.hub.internal.http.HubContext;
import java.util.Objects;
import java.util.function.Function;

/**
 * How Herald's other front-ends (herald-servlet) reach the core of a {@link Hub} without it becoming public API:
 * {@code Hub}'s class initializer hands over the one accessor (the JDK's "shared secrets" pattern).
 */
public final class HubInternals {

    private static volatile Function<Hub, HubServer> servers;

    private HubInternals() {
    }

    /** Called once, by {@link Hub}. */
    public static void serversFrom(Function<Hub, HubServer> accessor) {
        servers = Objects.requireNonNull(accessor, "accessor");
    }

    /** What a front-end may use of {@code hub}: its endpoints' context. */
    public static HubContext contextOf(Hub hub) {
        // Holding a Hub means its class is initialized, so the accessor is set.
        return servers.apply(Objects.requireNonNull(hub, "hub")).context();
    }
}
