package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.HubOption;
import dev.herald.hub.HubOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code herald serve} has a flag for every option of the hub and of each installed transport, read from its
 * {@code HERALD_} variable too; the host and the port are the one {@code --addr}. An option added to the description
 * and not to the command line fails here.
 */
class ServeOptionsTest {

    @Test
    void everyOptionHasItsFlag() {
        CommandSpec serve = Main.commandLine().getSubcommands().get("serve").getCommandSpec();
        for (HubOption<?> option : HubOptions.withTransports()) {
            if (option == HubOptions.HOST || option == HubOptions.PORT) {
                assertThat(serve.findOption("addr")).as("--addr covers " + option.name()).isNotNull();
                continue;
            }
            OptionSpec flag = serve.findOption(option.flagName());
            assertThat(flag).as("--" + option.flagName()).isNotNull();
            assertThat(flag.description()[0]).contains(option.environmentVariable());
        }
    }
}
