package dev.herald.cli;

import dev.herald.hub.HubOption;
import dev.herald.hub.OptionValues;
import java.util.List;
import picocli.CommandLine.Model.OptionSpec;

/** One of the hub's options ({@link HubOption}) as a picocli option of {@code herald serve}, and back. */
final class CatalogOption {

    private CatalogOption() {
    }

    /** The option {@code --FLAG}, read from {@code HERALD_FLAG} when not given, with its help and default shown. */
    static OptionSpec specOf(HubOption<?> option, String moreHelp) {
        String variable = option.environmentVariable();
        String text = option.help().endsWith(".") ? option.help().substring(0, option.help().length() - 1)
                : option.help();
        StringBuilder help = new StringBuilder(text).append(moreHelp).append(" (env ").append(variable);
        if (option.isList()) {
            help.append("; repeatable, or comma-separated");
        }
        if (!option.defaultText().isEmpty()) {
            help.append("; default ").append(option.defaultText());
        }
        help.append(").");
        OptionSpec.Builder spec = OptionSpec.builder("--" + option.flagName())
                .description(help.toString().replace("%", "%%"))
                .defaultValue("${env:" + variable + "}");
        if (option.isList()) {
            spec.type(List.class).auxiliaryTypes(String.class).splitRegex(",").paramLabel("VALUE");
        } else if (option.type() == Boolean.class) {
            spec.type(Boolean.class).arity("0..1").fallbackValue("true").paramLabel("true|false");
        } else {
            spec.type(option.type()).paramLabel(label(option));
        }
        return spec.build();
    }

    private static String label(HubOption<?> option) {
        if (option.isSecret()) {
            return "SECRET";
        }
        if (option.type() == Integer.class || option.type() == Long.class) {
            return "N";
        }
        return option.type() == java.time.Duration.class ? "DURATION" : "TEXT";
    }

    /** Gives {@code option} in {@code values} the value picocli read for it. */
    @SuppressWarnings("unchecked")
    static <T> void copy(HubOption<T> option, Object value, OptionValues.Builder values) {
        if (option.isList()) {
            List<String> given = ((List<String>) value).stream().map(String::strip).filter(s -> !s.isEmpty())
                    .toList();
            values.set(option, (T) given);
        } else {
            values.set(option, (T) value);
        }
    }
}
