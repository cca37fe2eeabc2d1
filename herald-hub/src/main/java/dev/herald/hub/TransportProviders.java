package dev.herald.hub;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@link TransportProvider}s installed: those on the class path, found with {@link ServiceLoader}. */
public final class TransportProviders {

    private final List<TransportProvider> providers;

    private TransportProviders(List<TransportProvider> providers) {
        Set<String> names = new HashSet<>();
        HubOptions.all().forEach(option -> names.add(option.name()));
        for (TransportProvider provider : providers) {
            for (HubOption<?> option : provider.options()) {
                if (!names.add(option.name())) {
                    throw new IllegalStateException("the " + provider.name() + " transport's option "
                            + option.name() + " has the name of another option");
                }
            }
        }
        this.providers = List.copyOf(providers);
    }

    /** The providers on the class path of this class's loader. */
    public static TransportProviders installed() {
        return of(TransportProviders.class.getClassLoader());
    }

    /** The providers {@code loader} finds. */
    public static TransportProviders of(ClassLoader loader) {
        List<TransportProvider> found = new ArrayList<>();
        ServiceLoader.load(TransportProvider.class, loader).forEach(found::add);
        return new TransportProviders(found);
    }

    /** The providers, in the order they were found. */
    public List<TransportProvider> list() {
        return providers;
    }

    /** The hub's options followed by each provider's. */
    public List<HubOption<?>> allOptions() {
        List<HubOption<?>> options = new ArrayList<>(HubOptions.all());
        providers.forEach(provider -> options.addAll(provider.options()));
        return List.copyOf(options);
    }

    /** The forms of name the providers open, for help: {@code memory, sqlite:PATH, redis://host:port[/db]...}. */
    public String forms() {
        return providers.stream().flatMap(provider -> provider.forms().stream()).collect(Collectors.joining(", "));
    }

    /**
     * The provider of {@code name}.
     *
     * @throws IllegalArgumentException when none takes it, listing the installed ones and their forms; a name with
     *     credentials is not repeated
     */
    public TransportProvider providerOf(String name) {
        String stripped = name.strip();
        for (TransportProvider provider : providers) {
            if (provider.accepts(stripped)) {
                return provider;
            }
        }
        throw new IllegalArgumentException("unknown transport " + shown(stripped) + "; installed: " + forms());
    }

    /**
     * Opens the transport {@code options} name ({@link HubOptions#TRANSPORT}), configured by them.
     *
     * @throws IllegalArgumentException when no provider takes the name or the provider refuses the options
     */
    public Transport open(OptionValues options) {
        String name = options.get(HubOptions.TRANSPORT).strip();
        return providerOf(name).open(name, options);
    }

    /** {@code name} as an error may show it: not at all when it carries credentials. */
    public static String shown(String name) {
        return name.contains("@") ? "(a name with credentials, not shown)" : name;
    }
}
