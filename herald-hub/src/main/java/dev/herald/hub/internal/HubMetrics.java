package dev.herald.hub.internal;

import dev.herald.hub.internal.dispatch.DispatchMetrics;
import dev.herald.hub.internal.dispatch.EndReason;
import dev.herald.hub.internal.dispatch.StreamRegistry;
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
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hub's meters, registered once; hot paths add to them in batches, not per write. Beside the hub's own, the
 * JVM's and the process's through Micrometer's binders (memory and buffer pools, GC, threads, classes, JIT,
 * processors and CPU, uptime, open files) and Netty's (its allocator's memory, each event loop's pending tasks),
 * so that one scrape shows where memory and time go. Subscribers and their queued bytes are read from the
 * {@link StreamRegistry} when scraped.
 */
public final class HubMetrics implements DispatchMetrics, AutoCloseable {

    private final AtomicInteger connections = new AtomicInteger();
    private final Counter publishes;
    private final Counter deliveries;
    private final Timer dispatchLatency;
    private final Map<EndReason, Counter> disconnects = new EnumMap<>(EndReason.class);
    /** The registry the hub's {@code /metrics} scrapes, with the JVM's and the process's meters too. */
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Where the hub's own meters go: the scraped registry, and the application's when it gave one. */
    private final CompositeMeterRegistry hub = new CompositeMeterRegistry();
    private final Optional<MeterRegistry> application;
    /** The binders that hold resources (GC notification listeners), released with the hub. */
    private final List<AutoCloseable> closeable = new ArrayList<>();

    /**
     * @param application the application's registry, which gets the hub's own meters ({@code herald.*}) but not the
     *     JVM's, which an application already has
     */
    public HubMetrics(StreamRegistry streams, Optional<MeterRegistry> application) {
        this.application = application;
        hub.add(registry);
        application.ifPresent(hub::add);
        Gauge.builder("herald.subscribers", streams, StreamRegistry::size)
                .description("Subscribers connected now").register(hub);
        Gauge.builder("herald.connections", connections, AtomicInteger::get)
                .description("Open connections").register(hub);
        Gauge.builder("herald.queued", streams, s -> (double) s.queuedBytes())
                .description("Bytes written to subscribers and not yet taken by the network").baseUnit("bytes")
                .register(hub);
        publishes = Counter.builder("herald.publishes").description("Updates accepted").register(hub);
        deliveries = Counter.builder("herald.deliveries").description("Updates written to subscribers")
                .register(hub);
        dispatchLatency = Timer.builder("herald.dispatch.latency")
                .description("From accepting an update to writing it to every local subscriber")
                .publishPercentiles(0.5, 0.99).maximumExpectedValue(Duration.ofSeconds(10)).register(hub);
        for (EndReason reason : EndReason.values()) {
            disconnects.put(reason, Counter.builder("herald.disconnects").tag("reason", reason.tag())
                    .description("Subscribers disconnected, by reason").register(hub));
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
    public void bindEventLoops(Iterable<EventExecutor> loops) {
        new NettyEventExecutorMetrics(loops).bindTo(registry);
    }

    /** Every meter in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    /** Counts a new connection; returns how many are open with it. */
    public int connectionOpened() {
        return connections.incrementAndGet();
    }

    /** Counts a connection's end (or a refused one's, after {@link #connectionOpened}). */
    public void connectionClosed() {
        connections.decrementAndGet();
    }

    /** Connections open now. */
    public int connections() {
        return connections.get();
    }

    /** Counts an update the transport stored. */
    public void published() {
        publishes.increment();
    }

    /** Updates the transport stored so far. */
    public long publishes() {
        return (long) publishes.count();
    }

    /** Updates written to subscribers so far. */
    public long deliveries() {
        return (long) deliveries.count();
    }

    @Override
    public void delivered(long count) {
        deliveries.increment(count);
    }

    @Override
    public void dispatched(long nanos) {
        dispatchLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void ended(EndReason reason) {
        disconnects.get(reason).increment();
    }

    /** Releases the binders' listeners and the registry; a hub in a longer-lived JVM leaves nothing behind. */
    @Override
    public void close() {
        for (AutoCloseable binder : closeable) {
            try {
                binder.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot release a metrics binder", e);
            }
        }
        // The application's registry outlives the hub: its herald meters leave with the hub.
        application.ifPresent(app -> hub.getMeters().forEach(app::remove));
        hub.close();
        registry.close();
    }
}
