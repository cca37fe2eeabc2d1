package dev.herald.hub.internal.memory;

import dev.herald.hub.HubOptions;
import dev.herald.hub.MemoryTransport;
import dev.herald.hub.OptionValues;
import dev.herald.hub.Transport;
import dev.herald.hub.TransportProvider;
import java.util.List;

/** {@code memory}: a {@link MemoryTransport} of {@code history-size} updates and at most {@code history-max-bytes}. */
public final class MemoryTransportProvider implements TransportProvider {

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public List<String> forms() {
        return List.of("memory");
    }

    @Override
    public boolean accepts(String name) {
        return name.equals("memory");
    }

    @Override
    public Transport open(String name, OptionValues options) {
        return new MemoryTransport(options.get(HubOptions.HISTORY_SIZE),
                options.value(HubOptions.HISTORY_MAX_BYTES).filter(bytes -> bytes > 0)
                        .orElseGet(MemoryTransport::defaultMaxHistoryBytes));
    }
}
