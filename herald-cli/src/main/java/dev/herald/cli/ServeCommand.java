package dev.herald.cli;

import dev.herald.hub.Hub;
import dev.herald.hub.HubBuilder;
import dev.herald.hub.HubOption;
import dev.herald.hub.HubOptions;
import dev.herald.hub.InvalidOptionException;
import dev.herald.hub.KeySpec;
import dev.herald.hub.MercureToken;
import dev.herald.hub.OptionValues;
import dev.herald.hub.TransportProviders;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code herald serve}: runs the hub until interrupted. Its options are the hub's ({@link HubOptions}) and those of
 * each installed transport, added to the command from their one description by {@link #addHubOptions}; each can
 * also come from its {@code HERALD_} variable.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the Mercure-compatible hub.",
            "With no key it makes one for this run, allows anonymous subscribers and prints a publisher token."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--addr", defaultValue = "${env:HERALD_ADDR}", paramLabel = "HOST:PORT",
            description = "Where to listen: the hub's host and port options at once (env HERALD_ADDR; default "
                    + "127.0.0.1:8080).")
    String addr;

    /** Adds an option to {@code serve} for each of the hub's and each installed transport's, as described. */
    static void addHubOptions(CommandSpec serve) {
        for (HubOption<?> option : HubOptions.withTransports()) {
            if (option == HubOptions.HOST || option == HubOptions.PORT) {
                continue; // --addr
            }
            serve.addOption(CatalogOption.specOf(option, option == HubOptions.TRANSPORT
                    ? "; installed: " + TransportProviders.installed().forms() : ""));
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        OptionValues.Builder values = OptionValues.builder();
        for (HubOption<?> option : HubOptions.withTransports()) {
            OptionSpec given = spec.findOption(option.flagName());
            if (given != null && given.getValue() != null) {
                CatalogOption.copy(option, given.getValue(), values);
            }
        }
        if (addr != null) {
            int colon = addr.lastIndexOf(':');
            if (colon < 0) {
                throw new ParameterException(spec.commandLine(), "--addr must be host:port, got " + addr);
            }
            values.parse(HubOptions.HOST, addr.substring(0, colon).replace("[", "").replace("]", ""));
            values.parse(HubOptions.PORT, addr.substring(colon + 1));
        }
        OptionValues options = values.build();
        String generatedSecret = null;
        if (!options.isSet(HubOptions.JWT_KEY) && !options.isSet(HubOptions.PUBLISHER_JWT_KEY)
                && !options.isSet(HubOptions.SUBSCRIBER_JWT_KEY) && options.get(HubOptions.JWKS_URIS).isEmpty()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            generatedSecret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            options = options.with(OptionValues.builder().set(HubOptions.JWT_KEY, generatedSecret)
                    .set(HubOptions.JWT_ALGORITHM, "HS256").set(HubOptions.ANONYMOUS, true).build());
        }

        Hub hub;
        try {
            HubBuilder builder = Hub.builder().options(options);
            hub = builder.build();
        } catch (InvalidOptionException e) {
            throw new ParameterException(spec.commandLine(), "bad " + flag(e.option()) + ": " + e.problem());
        } catch (RuntimeException e) {
            // Not a usage error: a transport that cannot start (a file that is not a history, say); the message says
            // what is wrong, without the usage text.
            spec.commandLine().getErr().println("herald serve: " + e.getMessage());
            return 1;
        }
        try {
            hub.start();
        } catch (IllegalStateException e) {
            // Not a usage error either: the port is taken or the host is not this machine's.
            spec.commandLine().getErr().println("herald serve: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM or Ctrl-C: the hub drains (not ready, then its streams ended one by one) before it stops.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            hub.drainAndClose();
            stopped.countDown();
        }, "herald-shutdown"));
        System.out.println("Herald hub: " + hub.url() + "   page: " + hub.url().replace(options.get(HubOptions.PATH), "/"));
        if (generatedSecret != null) {
            printDevelopmentHelp(hub, generatedSecret);
        }
        stopped.await();
        return 0;
    }

    /** How the command line spells {@code option}. */
    private static String flag(HubOption<?> option) {
        return option == HubOptions.HOST || option == HubOptions.PORT ? "--addr" : "--" + option.flagName();
    }

    private void printDevelopmentHelp(Hub hub, String secret) {
        String token = MercureToken.builder().publish("*").subscribe("*").expiresIn(Duration.ofDays(1))
                .sign(KeySpec.parse("HS256", secret));
        System.out.println();
        System.out.println("No key given: this run uses a generated HS256 key and accepts anonymous subscribers.");
        System.out.println("Publisher token (valid 24 h):");
        System.out.println("  " + token);
        System.out.println("Try it:");
        System.out.println("  curl -N '" + hub.url() + "?topic=demo'");
        System.out.println("  curl -X POST '" + hub.url() + "' -H 'Authorization: Bearer " + token + "' \\");
        System.out.println("       -d topic=demo -d data=hello");
        System.out.println();
    }
}
