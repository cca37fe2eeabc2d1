package dev.herald.spring.boot;

import org.springframework.beans.factory.BeanNameAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.ClassUtils;

/**
 * The hub's part in the application's shutdown, which runs in this order:
 * <ol>
 * <li>the application's own lifecycles stop ({@link SmartLifecycle#DEFAULT_PHASE}); they may still publish;</li>
 * <li>the web server's graceful shutdown begins ({@link #PHASE}): it stops taking requests and waits for those in
 *     progress, which publish as usual; then, and only then, this ends the hub's streams, which would otherwise keep
 *     the server waiting for its whole grace period (a stream never finishes by itself). Their subscribers reconnect,
 *     to another node or to this application once it is back, and resume from their last event;</li>
 * <li>the web server stops ({@code DEFAULT_PHASE - 2048});</li>
 * <li>the context closes its beans, the {@code Hub} among them: the hub closes, its transport last, once nothing can
 *     publish any more.</li>
 * </ol>
 * A hub on its own port ({@code herald.hub.port}) keeps its streams until it closes.
 */
class HubLifecycle implements SmartLifecycle, BeanNameAware {

    /** The phase of Spring Boot's graceful shutdown of the web server ({@code GRACEFUL_SHUTDOWN_PHASE}). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

    private static final String GRACEFUL_SHUTDOWN =
            "org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle";

    private final ObjectProvider<HubStreams> streams;
    private final ConfigurableListableBeanFactory beans;
    private String name;
    private volatile boolean running;

    /**
     * @param streams the streams of a hub served by the application's servlet container, if it is
     * @param beans where the web server's graceful shutdown is found
     */
    HubLifecycle(ObjectProvider<HubStreams> streams, ConfigurableListableBeanFactory beans) {
        this.streams = streams;
        this.beans = beans;
    }

    @Override
    public void setBeanName(String name) {
        this.name = name;
    }

    /**
     * Takes streams again (after a stop, the context may start anew), and makes sure the web server's graceful
     * shutdown, which shares this phase, begins before {@link #stop} runs: Spring stops a bean's dependents first.
     */
    @Override
    public void start() {
        ClassLoader loader = HubLifecycle.class.getClassLoader();
        if (name != null && ClassUtils.isPresent(GRACEFUL_SHUTDOWN, loader)) {
            for (String graceful : beans.getBeanNamesForType(ClassUtils.resolveClassName(GRACEFUL_SHUTDOWN, loader))) {
                beans.registerDependentBean(name, graceful);
            }
        }
        streams.ifAvailable(HubStreams::resume);
        running = true;
    }

    /** Ends the streams: the web server takes no more requests by now. */
    @Override
    public void stop() {
        running = false;
        streams.ifAvailable(HubStreams::endAll);
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
