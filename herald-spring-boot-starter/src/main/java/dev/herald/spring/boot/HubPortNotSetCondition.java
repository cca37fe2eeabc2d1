package dev.herald.spring.boot;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;

/** Matches when {@code herald.hub.port} is not set: the hub is then served by the application's own server. */
class HubPortNotSetCondition extends NoneNestedConditions {

    HubPortNotSetCondition() {
        super(ConfigurationPhase.REGISTER_BEAN);
    }

    /** herald.hub.port is set (to any value, 0 included). */
    @ConditionalOnProperty(prefix = "herald.hub", name = "port")
    static class PortSet {
    }
}
