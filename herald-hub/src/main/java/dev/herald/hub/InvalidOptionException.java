package dev.herald.hub;

import java.util.Objects;

/**
 * A value given for an option that the hub cannot use. The message says what is wrong without naming the option as
 * any one front-end spells it, so that each says it its own way: {@code --jwt-key} on the command line,
 * {@code herald.hub.jwt-key} in a Spring application.
 */
public final class InvalidOptionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient HubOption<?> option;

    /** {@code option}'s value is wrong in the way {@code problem} says. */
    public InvalidOptionException(HubOption<?> option, String problem, Throwable cause) {
        super(problem, cause);
        this.option = Objects.requireNonNull(option, "option");
    }

    /** {@code option}'s value is wrong in the way {@code problem} says. */
    public InvalidOptionException(HubOption<?> option, String problem) {
        this(option, problem, null);
    }

    /** The option whose value is wrong. */
    public HubOption<?> option() {
        return option;
    }

    /** What is wrong with the value. */
    public String problem() {
        return getMessage();
    }
}
