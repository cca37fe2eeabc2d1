package dev.herald.spring.boot;

import dev.herald.hub.HubOption;
import dev.herald.hub.HubOptions;
import dev.herald.hub.OptionValues;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Reads the {@code herald.hub.*} properties into the hub's {@link OptionValues}: one property per option of
 * {@link HubPropertyNames#catalog()}, bound by Spring's {@link Binder} (relaxed names, placeholders, profiles). A list
 * is bound as a list (comma-separated, or indexed); any other value as text, read by the option itself
 * ({@link HubOption#parse}), so that it means what it means to {@code herald serve}: a duration of {@code 20} is 20
 * seconds. A blank value leaves the option at its default.
 */
final class HubPropertyBinder {

    private static final Logger LOG = LoggerFactory.getLogger(HubPropertyBinder.class);

    private final Environment environment;
    private final List<HubOption<?>> catalog;

    HubPropertyBinder(Environment environment, List<HubOption<?>> catalog) {
        this.environment = environment;
        this.catalog = List.copyOf(catalog);
    }

    /**
     * The values the application's properties give.
     *
     * @throws HubPropertyException for an unknown property under {@code herald.hub}, an unresolved placeholder, a
     *     secret that is obviously none, or a value its option does not take
     */
    OptionValues bind() {
        List<String> known = new ArrayList<>(catalog.stream().map(HubPropertyNames::of).toList());
        known.add(HubPropertyNames.ENABLED);
        new UnknownHubProperties(known).check(environment);
        Binder binder = Binder.get(environment);
        OptionValues.Builder values = OptionValues.builder();
        for (HubOption<?> option : catalog) {
            String property = HubPropertyNames.of(option);
            if (option.isList()) {
                binder.bind(property, Bindable.listOf(String.class)).ifBound(list ->
                        list.forEach(element -> parse(option, element, values)));
            } else {
                binder.bind(property, Bindable.of(String.class)).ifBound(text -> parse(option, text, values));
            }
        }
        OptionValues bound = values.build();
        warnOfOwnPortOptions(bound);
        return bound;
    }

    private static void parse(HubOption<?> option, String text, OptionValues.Builder values) {
        if (text.isBlank()) {
            return;
        }
        SuspectValues.check(option, text);
        try {
            values.parse(option, text);
        } catch (IllegalArgumentException e) {
            String property = HubPropertyNames.of(option);
            throw new HubPropertyException(property, property + ": " + e.getMessage() + ".", "Correct " + property
                    + ". " + option.help(), e);
        }
    }

    /** Options that only a hub on its own port has: in the application's server they do nothing. */
    private void warnOfOwnPortOptions(OptionValues values) {
        if (values.isSet(HubOptions.PORT)) {
            return;
        }
        for (HubOption<?> option : catalog) {
            if (option.scope() == HubOption.Scope.OWN_PORT && values.isSet(option)) {
                LOG.warn("{} has no effect: the hub is served by the application's own server at {}, whose own "
                        + "settings (server.*) apply; set {} to give the hub a port of its own",
                        HubPropertyNames.of(option), values.get(HubOptions.PATH), HubPropertyNames.of(HubOptions.PORT));
            }
        }
    }
}
