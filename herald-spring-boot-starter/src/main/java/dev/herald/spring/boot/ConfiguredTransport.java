package dev.herald.spring.boot;

import dev.herald.hub.HubOptions;
import dev.herald.hub.OptionValues;
import dev.herald.hub.Transport;
import dev.herald.hub.TransportProviders;

/**
 * The transport that {@code herald.hub.transport} names, opened through the installed transport providers as
 * {@code herald serve --transport} does: a transport module on the application's class path (herald-sqlite,
 * herald-redis...) brings its own.
 */
final class ConfiguredTransport {

    private ConfiguredTransport() {
    }

    /** Opens the transport {@code name} names, keeping {@code historySize} updates for replay where it applies. */
    static Transport open(String name, int historySize) {
        OptionValues options = OptionValues.builder().parse(HubOptions.TRANSPORT, name)
                .set(HubOptions.HISTORY_SIZE, historySize).build();
        try {
            return TransportProviders.of(ConfiguredTransport.class.getClassLoader()).open(options);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("herald.hub.transport: " + e.getMessage(), e);
        }
    }
}
