package dev.herald.hub;

/** Which Mercure dialects the hub accepts. */
public enum MercureProtocol {
    /** Both the deployed 0.x dialect ({@code topic}, {@code mercure} claims) and 1.0; the default. */
    BOTH,
    /** Only Mercure 1.0: {@code match} parameters and OAuth access tokens. */
    V1
}
