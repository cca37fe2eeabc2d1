package dev.herald.spring.boot;

import dev.herald.hub.InvalidOptionException;
import java.util.Objects;

/**
 * A {@code herald.hub.*} property the hub cannot start with: unknown, unresolved, not a value of its option, or naming
 * a transport that cannot open. Spring Boot reports it as a failure analysis, with what is wrong and what to do.
 */
public final class HubPropertyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final String action;

    /**
     * @param property the property, as {@code herald.hub.jwt-key}
     * @param problem what is wrong, in a sentence that names the property
     * @param action what to do about it
     */
    public HubPropertyException(String property, String problem, String action, Throwable cause) {
        super(problem, cause);
        this.property = Objects.requireNonNull(property, "property");
        this.action = Objects.requireNonNull(action, "action");
    }

    /** The hub's refusal of an option's value, naming the option as the property it comes from. */
    static HubPropertyException of(InvalidOptionException refusal) {
        String property = HubPropertyNames.of(refusal.option());
        return new HubPropertyException(property, property + ": " + refusal.problem(), "Correct " + property + ". "
                + refusal.option().help(), refusal);
    }

    /** The property at fault, as {@code herald.hub.jwt-key}. */
    public String property() {
        return property;
    }

    /** What to do about it. */
    public String action() {
        return action;
    }
}
