package dev.herald.spring.boot;

import dev.herald.hub.Hub;
import java.time.Duration;
import org.springframework.beans.factory.BeanNameAware;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.ClassUtils;

/**
 * The hub's part in the application's shutdown, which runs in this order:
 * <ol>
 * <li>the application's own lifecycles stop ({@link SmartLifecycle#DEFAULT_PHASE}); they may still publish;</li>
 * <li>the web server's graceful shutdown begins ({@link #PHASE}): it stops taking requests and waits for those in
 *     progress, which publish as usual; then, and only then, this ends the hub's streams ({@link Hub#endStreams}),
 *     one by one over {@code herald.hub.drain-time}, which would otherwise keep the server waiting for its whole grace
 *     period (a stream never finishes by itself). Their subscribers reconnect, to another node or to this
 *     application once it is back, and resume from their last event;</li>
 * <li>the web server stops ({@code DEFAULT_PHASE - 2048});</li>
 * <li>the context closes its beans, the {@code Hub} among them: the hub closes, its transport last, once nothing can
 *     publish any more.</li>
 * </ol>
 * A hub on its own port ({@code herald.hub.port}) ends its streams at the same moment.
 */
class HubLifecycle implements SmartLifecycle, BeanNameAware {

    /** The phase of Spring Boot's graceful shutdown of the web server ({@code GRACEFUL_SHUTDOWN_PHASE}). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

    private static final String GRACEFUL_SHUTDOWN =
            "org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle";

    private final Hub hub;
    private final Duration drainTime;
    private final ConfigurableListableBeanFactory beans;
    private String name;
    private volatile boolean running;

    /**
     * @param drainTime over how long the streams end
     * @param beans where the web server's graceful shutdown is found
     */
    HubLifecycle(Hub hub, Duration drainTime, ConfigurableListableBeanFactory beans) {
        this.hub = hub;
        this.drainTime = drainTime;
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

    /** Ends the streams: the web server takes no more requests by now. */
    @Override
    public void stop() {
        running = false;
        hub.endStreams(drainTime);
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
