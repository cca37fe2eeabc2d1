package dev.herald.spring.boot;

import dev.herald.hub.Hub;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanNameAware;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.util.ClassUtils;

/**
 * The hub's part in the application's shutdown, a drain in Spring's order (SIGTERM or {@code context.close()}):
 * <ol>
 * <li>the context closes ({@link ContextClosedEvent}, before any lifecycle stops): the hub begins its drain, so the
 *     readiness group turns {@code OUT_OF_SERVICE} ({@code heraldReadiness}, and Boot's {@code readinessState}, which
 *     this also sets to {@link ReadinessState#REFUSING_TRAFFIC} for an application without a web server), and
 *     everything is still served for {@code herald.hub.drain-delay}, the time load balancers take to follow the
 *     probe (skipped when the hub has no subscriber);</li>
 * <li>the application's own lifecycles stop ({@link SmartLifecycle#DEFAULT_PHASE}); they may still publish;</li>
 * <li>the web server's graceful shutdown begins ({@link #PHASE}): it stops taking requests and waits for those in
 *     progress, which publish as usual; then, and only then, this ends the hub's streams ({@link Hub#endStreams}),
 *     one by one in random order over {@code herald.hub.drain-time}, each after a {@code retry:} hint, which would
 *     otherwise keep the server waiting for its whole grace period (a stream never finishes by itself). Their
 *     subscribers reconnect, to another node or to this application once it is back, and resume from their last
 *     event; the reconnections are spread over the drain time;</li>
 * <li>the web server stops ({@code DEFAULT_PHASE - 2048});</li>
 * <li>the context closes its beans, the {@code Hub} among them ({@link Hub#drainAndClose}): the hub answers the
 *     publishes it accepted, refuses new ones, and closes, its transport last, once nothing can publish any more.</li>
 * </ol>
 * A hub on its own port ({@code herald.hub.port}) drains at the same moments.
 */
class HubLifecycle implements SmartLifecycle, BeanNameAware, ApplicationListener<ContextClosedEvent> {

    /** The phase of Spring Boot's graceful shutdown of the web server ({@code GRACEFUL_SHUTDOWN_PHASE}). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

    private static final Logger LOG = LoggerFactory.getLogger(HubLifecycle.class);
    private static final String GRACEFUL_SHUTDOWN =
            "org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle";

    private final Hub hub;
    private final ApplicationContext context;
    private final ConfigurableListableBeanFactory beans;
    private String name;
    private volatile boolean running;

    /**
     * @param context whose closing begins the drain
     * @param beans where the web server's graceful shutdown is found
     */
    HubLifecycle(Hub hub, ApplicationContext context, ConfigurableListableBeanFactory beans) {
        this.hub = hub;
        this.context = context;
        this.beans = beans;
    }

    @Override
    public void setBeanName(String name) {
        this.name = name;
    }

    /**
     * Makes sure the web server's graceful shutdown, which shares this phase, begins before {@link #stop} runs: Spring
     * stops a bean's dependents first.
     */
    @Override
    public void start() {
        ClassLoader loader = HubLifecycle.class.getClassLoader();
        if (name != null && ClassUtils.isPresent(GRACEFUL_SHUTDOWN, loader)) {
            for (String graceful : beans.getBeanNamesForType(ClassUtils.resolveClassName(GRACEFUL_SHUTDOWN, loader))) {
                beans.registerDependentBean(name, graceful);
            }
        }
        running = true;
    }

    /**
     * Begins the drain as the context closes: not ready, still serving everything for the drain delay. Blocks
     * meanwhile, so that no lifecycle, the web server's included, stops before it is over.
     */
    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (event.getApplicationContext() != context || !running) {
            return; // a child context's, whose events reach this one's listeners too; or a hub that never served
        }
        hub.beginDrain();
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        Duration delay = hub.drainDelay();
        int subscribers = hub.subscribers();
        if (delay.isZero() || subscribers == 0) {
            return;
        }
        LOG.info("Herald hub draining: not ready, serving {} more before ending its {} streams over {}", delay,
                subscribers, hub.drainTime());
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the streams, spread over the drain time: the web server takes no more requests by now. */
    @Override
    public void stop() {
        running = false;
        hub.endStreams(hub.drainTime());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
