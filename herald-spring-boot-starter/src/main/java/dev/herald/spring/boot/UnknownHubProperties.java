package dev.herald.spring.boot;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Refuses a property under {@code herald.hub} that names no option, such as {@code herald.hub.cors-origin}: Spring
 * would ignore it, and the setting it was meant for would silently keep its default. The error names the nearest
 * known property. Relaxed spellings are known ({@code herald.hub.corsOrigins}, {@code HERALD_HUB_CORS_ORIGINS}), and
 * so are the elements of a list ({@code herald.hub.issuers[0]}).
 */
final class UnknownHubProperties {

    private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of(HubPropertyNames.PREFIX);

    private final List<String> known;

    /** @param known the properties there are, as {@code herald.hub.jwt-key} */
    UnknownHubProperties(Collection<String> known) {
        this.known = List.copyOf(known);
    }

    /**
     * Checks every property under {@code herald.hub} in {@code environment}.
     *
     * @throws HubPropertyException for the first unknown one, naming the nearest known property
     */
    void check(Environment environment) {
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            boolean environmentVariables = source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
            iterable.stream().filter(PREFIX::isAncestorOf).filter(name -> !isKnown(name, environmentVariables))
                    .findFirst().ifPresent(name -> refuse(source, name, environmentVariables));
        }
    }

    private boolean isKnown(ConfigurationPropertyName name, boolean environmentVariable) {
        if (environmentVariable) {
            // HERALD_HUB_JWT_KEY reads as herald.hub.jwt.key: an environment variable cannot tell a dash from a dot.
            String words = words(name);
            return known.stream().anyMatch(property -> property.substring(HubPropertyNames.PREFIX.length() + 1)
                    .replace("-", "").equals(words));
        }
        return known.stream().map(ConfigurationPropertyName::of)
                .anyMatch(property -> property.equals(name) || property.isAncestorOf(name));
    }

    /** The name's words after the prefix, in Spring's uniform form, without a list's index. */
    private static String words(ConfigurationPropertyName name) {
        StringBuilder words = new StringBuilder();
        for (int i = PREFIX.getNumberOfElements(); i < name.getNumberOfElements(); i++) {
            if (!name.isNumericIndex(i)) {
                words.append(name.getElement(i, Form.UNIFORM));
            }
        }
        return words.toString();
    }

    private void refuse(ConfigurationPropertySource source, ConfigurationPropertyName name,
            boolean environmentVariable) {
        String shown = shown(name, environmentVariable);
        String where = Optional.ofNullable(source.getConfigurationProperty(name)).map(ConfigurationProperty::getOrigin)
                .map(origin -> " (" + origin + ")").orElse("");
        String nearest = nearest(shown);
        throw new HubPropertyException(shown, shown + " is not a property of the Herald hub" + where
                + ", so it would have no effect.", "Did you mean " + nearest + "? Every herald.hub property is "
                + "listed with its meaning in your IDE's completion and in the README.", null);
    }

    /** The property as it is written in a properties file; an environment variable's words joined with dashes. */
    private static String shown(ConfigurationPropertyName name, boolean environmentVariable) {
        if (!environmentVariable) {
            return name.toString();
        }
        StringBuilder shown = new StringBuilder(HubPropertyNames.PREFIX).append('.');
        for (int i = PREFIX.getNumberOfElements(); i < name.getNumberOfElements(); i++) {
            if (!name.isNumericIndex(i)) {
                shown.append(i > PREFIX.getNumberOfElements() ? "-" : "").append(name.getElement(i, Form.DASHED));
            }
        }
        return shown.toString();
    }

    private String nearest(String property) {
        return known.stream().min(Comparator.comparingInt(candidate -> distance(candidate, property)))
                .orElseThrow();
    }

    /** The Levenshtein distance: the fewest one-character edits from {@code a} to {@code b}. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
