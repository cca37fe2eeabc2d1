package dev.herald.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import java.time.Duration;

/**
 * How every connection of the transport behaves, whatever the topology.
 *
 * <p>Lettuce's automatic reconnection is off, so that a command cut off by a lost connection fails instead of being
 * sent again later: a publisher told "unavailable" must not find its update stored twice, or stored after the hub
 * answered. The transport drops a link that failed and opens a new one, which finds the master anew.
 */
final class ConnectionSettings {

    /** How long a connection attempt may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** How long a command may take before it fails (and a publish is answered 503), beyond a WAIT's own timeout. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    /** How often a cluster client reads the topology even when nothing told it to. */
    static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(5);

    private ConnectionSettings() {
    }

    /** For a server or a Sentinel-named master. */
    static ClientOptions clientOptions() {
        return ClientOptions.builder()
                .autoReconnect(false)
                .socketOptions(socketOptions())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build();
    }

    /**
     * For a Redis Cluster: the same, plus a topology that follows the cluster. MOVED and ASK redirections are
     * followed and make the client read the topology again (Lettuce's adaptive refresh, on by default), as does a
     * periodic refresh; and a link that failed is replaced by one that reads the topology when it opens, so after a
     * failover it routes to the promoted replica.
     */
    static ClusterClientOptions clusterOptions() {
        return ClusterClientOptions.builder()
                .autoReconnect(false)
                // A command for a node whose connection is still being opened waits for it (without reconnection,
                // Lettuce would refuse it as "not connected"); one for a node that is gone fails by its timeout.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .socketOptions(socketOptions())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                        .build())
                .build();
    }

    private static SocketOptions socketOptions() {
        return SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).keepAlive(true).build();
    }
}
