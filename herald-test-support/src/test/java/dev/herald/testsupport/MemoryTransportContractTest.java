package dev.herald.testsupport;

import dev.herald.hub.MemoryTransport;
import dev.herald.hub.Transport;

/** The compatibility kit on the hub's own {@link MemoryTransport}: one node's log, exact retention by count. */
class MemoryTransportContractTest extends TransportContract {

    @Override
    protected Transport open(Retention retention) {
        return new MemoryTransport(Math.toIntExact(retention.maxUpdates()));
    }

    @Override
    protected boolean pagesReplays() {
        return false;
    }
}
