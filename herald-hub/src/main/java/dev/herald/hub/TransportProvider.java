package dev.herald.hub;

import java.util.List;

/**
 * Opens one kind of {@link Transport} from its name, such as {@code sqlite:/var/lib/herald/history.db}: a plug-in.
 * A jar that offers a transport lists its provider in {@code META-INF/services/dev.herald.hub.TransportProvider};
 * {@code herald serve --transport NAME}, the Spring Boot starter's {@code herald.hub.transport} and
 * {@link HubBuilder#options} then find it ({@link TransportProviders}). Its transport passes the compatibility kit
 * in herald-test-support ({@code TransportContract}).
 */
public interface TransportProvider {

    /** The kind's short name in listings, such as {@code sqlite}. */
    String name();

    /** The forms of name this provider opens, for help and errors, such as {@code sqlite:PATH}. */
    List<String> forms();

    /** Whether {@code name} (stripped of surrounding blanks) is one this provider opens. */
    boolean accepts(String name);

    /** The options of this kind of transport beyond the hub's own ({@link HubOptions}); none unless overridden. */
    default List<HubOption<?>> options() {
        return List.of();
    }

    /**
     * Opens the transport {@code name} names, configured by {@code options} (the hub's own, such as
     * {@link HubOptions#HISTORY_SIZE}, and this provider's).
     *
     * @throws IllegalArgumentException when the name or an option is not valid: the message says which, and never
     *     repeats a credential
     */
    Transport open(String name, OptionValues options);
}
