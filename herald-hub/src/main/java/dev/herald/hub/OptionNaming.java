package dev.herald.hub;

/**
 * How the hub names its options in what it says (logs, errors), so that each way it runs speaks its own language:
 * {@code --issuer} on the command line, {@code herald.hub.issuers} in a Spring application.
 */
@FunctionalInterface
public interface OptionNaming {

    /** How {@code option} is spelled where the hub runs. */
    String nameOf(HubOption<?> option);

    /** {@code herald serve}'s flags, such as {@code --issuer}: the default. */
    static OptionNaming commandLine() {
        return option -> "--" + option.flagName();
    }

    /** Properties under {@code prefix}, such as {@code herald.hub.issuers} for {@code herald.hub}. */
    static OptionNaming properties(String prefix) {
        return option -> prefix + "." + option.name();
    }
}
