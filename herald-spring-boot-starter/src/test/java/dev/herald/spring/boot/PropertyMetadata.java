package dev.herald.spring.boot;

import dev.herald.hub.HubOption;
import dev.herald.hub.HubOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The IDE metadata of the {@code herald.hub.*} properties ({@code META-INF/spring-configuration-metadata.json}),
 * written from the options' one description: each option's type, default and help, the starter's own
 * {@code herald.hub.enabled}, and what the starter does differently (the port, options of a hub on its own port).
 */
final class PropertyMetadata {

    private static final Map<Class<?>, String> TYPES = Map.of(String.class, "java.lang.String", Integer.class,
            "java.lang.Integer", Long.class, "java.lang.Long", Boolean.class, "java.lang.Boolean", Duration.class,
            "java.time.Duration", List.class, "java.util.List<java.lang.String>");

    private PropertyMetadata() {
    }

    /** The metadata of {@code catalog}'s options, as JSON. */
    static String of(List<HubOption<?>> catalog) {
        List<String> properties = new ArrayList<>();
        properties.add(property(HubPropertyNames.ENABLED, "java.lang.Boolean",
                "Whether to run a Herald hub in this application.", "true"));
        // The hub's own options in their order, then the transports' by name: the class path's order varies.
        List<HubOption<?>> ordered = new ArrayList<>(HubOptions.all());
        catalog.stream().filter(option -> !HubOptions.all().contains(option))
                .sorted(Comparator.comparing(HubOption::name)).forEach(ordered::add);
        for (HubOption<?> option : ordered) {
            properties.add(property(HubPropertyNames.of(option), TYPES.get(option.type()), description(option),
                    defaultValue(option)));
        }
        return "{\n  \"groups\": [\n    {\n      \"name\": \"herald.hub\",\n      \"description\": "
                + quoted("The Herald hub: its options, as herald serve has them.") + "\n    }\n  ],\n"
                + "  \"properties\": [\n" + String.join(",\n", properties) + "\n  ]\n}\n";
    }

    private static String description(HubOption<?> option) {
        StringBuilder description = new StringBuilder(option.help());
        if (option == HubOptions.PORT) {
            description.append(" Unset, the hub is served by the application's own server at herald.hub.path.");
        } else if (option.scope() == HubOption.Scope.OWN_PORT) {
            description.append(" Only with herald.hub.port: in the application's own server, its settings apply.");
        }
        if (option.type() == Duration.class) {
            description.append(" A bare number is seconds; or 500ms, 40s, 5m, 1h.");
        }
        if (option.defaultValue().isEmpty() && !option.defaultText().isEmpty()) {
            description.append(" Default: ").append(option.defaultText()).append('.');
        }
        return description.toString();
    }

    /** The default as JSON, or null when the metadata shows none (no default, a secret, an empty list). */
    private static String defaultValue(HubOption<?> option) {
        if (option.isSecret() || option == HubOptions.PORT || option.defaultValue().isEmpty()) {
            return null;
        }
        Object value = option.defaultValue().get();
        if (value instanceof List<?> list) {
            return list.isEmpty() ? null : quoted(String.join(",", list.stream().map(String::valueOf).toList()));
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return quoted(option.defaultText());
    }

    private static String property(String name, String type, String description, String defaultValue) {
        return "    {\n      \"name\": " + quoted(name) + ",\n      \"type\": " + quoted(type)
                + ",\n      \"description\": " + quoted(description)
                + (defaultValue == null ? "" : ",\n      \"defaultValue\": " + defaultValue) + "\n    }";
    }

    private static String quoted(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                default -> quoted.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return quoted.append('"').toString();
    }
}
