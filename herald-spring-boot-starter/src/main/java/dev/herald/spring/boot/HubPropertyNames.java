package dev.herald.spring.boot;

import dev.herald.hub.HubOption;
import dev.herald.hub.HubOptions;
import dev.herald.hub.TransportProviders;
import java.util.List;

/**
 * How the starter names the hub's options: {@code herald.hub.NAME} for each option of the hub and of every transport
 * on the application's class path ({@link HubOptions}), and the starter's own {@code herald.hub.enabled}.
 */
final class HubPropertyNames {

    /** The prefix of every property of the hub. */
    static final String PREFIX = "herald.hub";
    /** The starter's own property: whether the application runs a hub. */
    static final String ENABLED = PREFIX + ".enabled";

    private HubPropertyNames() {
    }

    /** The property of {@code option}, as {@code herald.hub.jwt-key}. */
    static String of(HubOption<?> option) {
        return PREFIX + "." + option.name();
    }

    /**
     * The options there are properties for: the hub's and those of each transport the starter's class loader finds
     * (in a Spring Boot jar, the application's).
     */
    static List<HubOption<?>> catalog() {
        return TransportProviders.of(HubPropertyNames.class.getClassLoader()).allOptions();
    }
}
