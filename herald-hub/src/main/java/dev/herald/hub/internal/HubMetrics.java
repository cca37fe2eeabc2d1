package dev.herald.hub.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/** The hub's meters, registered once; hot paths add to them in batches, not per write. */
final class HubMetrics {

    /** Why a subscriber's connection ended. */
    enum Disconnect {
        CLIENT, SLOW, SHUTDOWN, EXPIRED, ERROR;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    final AtomicInteger subscribers = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();
    final Counter publishes;
    final Counter deliveries;
    final Timer dispatchLatency;
    private final Map<Disconnect, Counter> disconnects = new EnumMap<>(Disconnect.class);

    HubMetrics(MeterRegistry registry, LongSupplier queuedBytes) {
        Gauge.builder("herald.subscribers", subscribers, AtomicInteger::get)
                .description("Subscribers connected now").register(registry);
        Gauge.builder("herald.connections", connections, AtomicInteger::get)
                .description("Open connections").register(registry);
        Gauge.builder("herald.queued", queuedBytes, s -> (double) s.getAsLong())
                .description("Bytes written to subscribers and not yet taken by the network").baseUnit("bytes")
                .strongReference(true) // the supplier is a lambda that nothing else holds
                .register(registry);
        publishes = Counter.builder("herald.publishes").description("Updates accepted").register(registry);
        deliveries = Counter.builder("herald.deliveries").description("Updates written to subscribers")
                .register(registry);
        dispatchLatency = Timer.builder("herald.dispatch.latency")
                .description("From accepting an update to writing it to every local subscriber")
                .publishPercentiles(0.5, 0.99).maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        for (Disconnect reason : Disconnect.values()) {
            disconnects.put(reason, Counter.builder("herald.disconnects").tag("reason", reason.tag())
                    .description("Subscribers disconnected, by reason").register(registry));
        }
    }

    void disconnected(Disconnect reason) {
        disconnects.get(reason).increment();
    }
}
