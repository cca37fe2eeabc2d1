package dev.herald.cli;

import dev.herald.hub.KeySpec;
import dev.herald.hub.MercureToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code herald token}: mints a Mercure JWT; the token is alone on the last line of the output. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Mint a Mercure token (JWT with the mercure.publish / mercure.subscribe claims).")
final class TokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--jwt-key", required = true, defaultValue = "${env:HERALD_JWT_KEY}",
            description = "Signing key: an HMAC secret, or a PEM private key or PEM file for RS256/ES256 "
                    + "(env HERALD_JWT_KEY).")
    String jwtKey;

    @Option(names = "--jwt-alg", defaultValue = "${env:HERALD_JWT_ALG:-HS256}",
            description = "Algorithm (default ${DEFAULT-VALUE}).")
    String jwtAlg;

    @Option(names = "--publish", split = ",", description = "Topic selectors the token may publish to (* for all).")
    List<String> publish = new ArrayList<>();

    @Option(names = "--subscribe", split = ",",
            description = "Topic selectors whose private updates the token may receive (* for all).")
    List<String> subscribe = new ArrayList<>();

    @Option(names = "--exp", defaultValue = "1h", description = "Lifetime, e.g. 30m, 12h (default ${DEFAULT-VALUE}).")
    Duration exp;

    @Override
    public Integer call() throws IOException {
        if (publish.isEmpty() && subscribe.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give --publish and/or --subscribe selectors");
        }
        String material = jwtKey;
        if (!jwtAlg.toUpperCase(java.util.Locale.ROOT).startsWith("HS") && !material.startsWith("-----BEGIN")
                && Files.isRegularFile(Path.of(material))) {
            material = Files.readString(Path.of(material));
        }
        KeySpec key;
        try {
            key = KeySpec.parse(jwtAlg, material);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "invalid key: " + e.getMessage());
        }
        MercureToken.Builder token = MercureToken.builder().expiresIn(exp);
        if (!publish.isEmpty()) {
            token.publish(publish.toArray(String[]::new));
        }
        if (!subscribe.isEmpty()) {
            token.subscribe(subscribe.toArray(String[]::new));
        }
        System.out.println(token.sign(key));
        return 0;
    }
}
