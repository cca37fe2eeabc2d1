package dev.herald.hub.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The hub's meters, registered once; hot paths add to them in batches, not per write. Beside the hub's own, the
 * JVM's and the process's through Micrometer's binders (memory and buffer pools, GC, threads, classes, JIT,
 * processors and CPU, uptime, open files) and Netty's (its allocator's memory, each event loop's pending tasks),
 * so that one scrape shows where memory and time go.
 */
public final class HubMetrics implements AutoCloseable {

    /** Why a subscriber's connection ended. */
    public enum Disconnect {
        CLIENT, SLOW, SHUTDOWN, EXPIRED, ERROR;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public final AtomicInteger subscribers = new AtomicInteger();
    public final AtomicInteger connections = new AtomicInteger();
    public final Counter publishes;
    public final Counter deliveries;
    public final Timer dispatchLatency;
    private final Map<Disconnect, Counter> disconnects = new EnumMap<>(Disconnect.class);
    private final MeterRegistry registry;
    /** The binders that hold resources (GC notification listeners), released with the hub. */
    private final List<AutoCloseable> closeable = new ArrayList<>();

    HubMetrics(MeterRegistry registry, LongSupplier queuedBytes) {
        this.registry = registry;
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
        List<MeterBinder> binders = new ArrayList<>(List.of(new ClassLoaderMetrics(), new JvmMemoryMetrics(),
                new JvmThreadMetrics(), new JvmInfoMetrics(), new JvmCompilationMetrics(), new ProcessorMetrics(),
                new UptimeMetrics(), new FileDescriptorMetrics()));
        JvmGcMetrics gc = new JvmGcMetrics();
        JvmHeapPressureMetrics heapPressure = new JvmHeapPressureMetrics();
        closeable.add(gc);
        closeable.add(heapPressure);
        binders.add(gc);
        binders.add(heapPressure);
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider allocator) {
            binders.add(new NettyAllocatorMetrics(allocator));
        }
        binders.forEach(binder -> binder.bindTo(registry));
    }

    /** Adds each event loop's pending tasks: a loop that falls behind shows here first. */
    void bindEventLoops(Iterable<EventExecutor> loops) {
        new NettyEventExecutorMetrics(loops).bindTo(registry);
    }

    /** Releases the binders' listeners; a hub in a longer-lived JVM leaves nothing behind. */
    @Override
    public void close() {
        for (AutoCloseable binder : closeable) {
            try {
                binder.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot release a metrics binder", e);
            }
        }
    }

    public void disconnected(Disconnect reason) {
        disconnects.get(reason).increment();
    }
}
