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

/**
 * {@code herald token}: mints a Mercure JWT, a 0.x token or, with {@code --audience}, a 1.0 access token; the token is
 * alone on the last line of the output.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Mint a Mercure token: a 0.x JWT with the mercure.publish / mercure.subscribe claims, or with "
            + "--audience and --issuer a Mercure 1.0 access token (typ at+jwt, authorization_details)."})
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

    @Option(names = "--publish", split = ",",
            description = "Topic selectors the token may publish to (* for all; exact matchers in access tokens).")
    List<String> publish = new ArrayList<>();

    @Option(names = "--subscribe", split = ",",
            description = "Topic selectors whose private updates the token may receive (* for all).")
    List<String> subscribe = new ArrayList<>();

    @Option(names = "--publish-urlpattern", split = ",",
            description = "URL patterns of topics the access token may publish to (1.0 only).")
    List<String> publishPatterns = new ArrayList<>();

    @Option(names = "--subscribe-urlpattern", split = ",",
            description = "URL patterns of topics whose private updates the access token may receive (1.0 only).")
    List<String> subscribePatterns = new ArrayList<>();

    @Option(names = "--exp", defaultValue = "1h", description = "Lifetime, e.g. 30m, 12h (default ${DEFAULT-VALUE}).")
    Duration exp;

    @Option(names = "--audience",
            description = "Mint a 1.0 access token for the hub with this resource identifier, e.g. "
                    + "https://hub.example.com/.well-known/mercure (needs --issuer).")
    String audience;

    @Option(names = "--issuer", description = "The iss claim: the issuer the hub trusts the key for.")
    String issuer;

    @Option(names = "--subject", description = "The sub claim (for access tokens, by default the issuer).")
    String subject;

    @Override
    public Integer call() throws IOException {
        if (publish.isEmpty() && subscribe.isEmpty() && publishPatterns.isEmpty() && subscribePatterns.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give --publish and/or --subscribe selectors");
        }
        if (audience == null && (!publishPatterns.isEmpty() || !subscribePatterns.isEmpty())) {
            throw new ParameterException(spec.commandLine(),
                    "URL patterns exist only in 1.0 access tokens: give --audience and --issuer");
        }
        if (audience != null && issuer == null) {
            throw new ParameterException(spec.commandLine(),
                    "an access token needs --issuer: the hub verifies it with that issuer's keys only");
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
        token.publishUrlPattern(publishPatterns.toArray(String[]::new))
                .subscribeUrlPattern(subscribePatterns.toArray(String[]::new));
        if (issuer != null) {
            token.issuer(issuer);
        }
        if (subject != null) {
            token.subject(subject);
        }
        System.out.println(audience == null ? token.sign(key) : token.signAccessToken(key, audience));
        return 0;
    }
}
