package dev.herald.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code herald} command: one jar for the hub, the client and the tools. */
@Command(name = "herald", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Server-Sent Events for the JVM: a Mercure-compatible hub, a client and tools.",
        subcommands = {ServeCommand.class, ListenCommand.class, PublishCommand.class, TokenCommand.class,
            BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status. */
    static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command line with its converters, not yet run. */
    static CommandLine commandLine() {
        CommandLine main = new CommandLine(new Main());
        ServeCommand.addHubOptions(main.getSubcommands().get("serve").getCommandSpec());
        return main.setCaseInsensitiveEnumValuesAllowed(true)
                .registerConverter(java.time.Duration.class, new DurationConverter());
    }
}
