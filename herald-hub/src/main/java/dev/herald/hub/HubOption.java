package dev.herald.hub;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One option of the hub, described once: its name, the kind of its values, its default and a line of help. Every way
 * the hub runs reads it from this description: {@link HubBuilder#options(OptionValues)}, {@code herald serve --NAME}
 * with its {@code HERALD_NAME} variable, and the Spring Boot starter's {@code herald.hub.NAME} property with its IDE
 * metadata. The hub's own options are in {@link HubOptions}; a {@link TransportProvider} adds those of its
 * transport.
 *
 * @param <T> the type of the option's values: {@code String}, {@code Integer}, {@code Long}, {@code Boolean},
 *     {@code Duration} or {@code List<String>}
 */
public final class HubOption<T> {

    /** Where an option has an effect. */
    public enum Scope {
        /** Wherever the hub runs. */
        EVERYWHERE,
        /**
         * Only where the hub listens on a port of its own ({@code herald serve}, {@code herald.hub.port}): in an
         * application's servlet container, the container's own settings do this.
         */
        OWN_PORT
    }

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern SECONDS = Pattern.compile("\\d{1,9}(\\.\\d{1,9})?");

    private final String name;
    private final Class<?> type;
    private final Optional<T> defaultValue;
    private final String defaultText;
    private final String help;
    private final Function<String, T> parser;
    private final Optional<String> flag;
    private final Scope scope;
    private final boolean secret;

    private HubOption(String name, Class<?> type, Optional<T> defaultValue, String defaultText, String help,
            Function<String, T> parser, Optional<String> flag, Scope scope, boolean secret) {
        if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("an option's name is lower-case words joined by '-': " + name);
        }
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.help = Objects.requireNonNull(help, "help");
        this.parser = parser;
        this.flag = flag;
        this.scope = scope;
        this.secret = secret;
    }

    /** A text option without a default. */
    public static HubOption<String> text(String name, String help) {
        return new HubOption<>(name, String.class, Optional.empty(), "", help, String::strip, Optional.empty(),
                Scope.EVERYWHERE, false);
    }

    /** A text option with a default. */
    public static HubOption<String> text(String name, String defaultValue, String help) {
        return text(name, help).withDefault(defaultValue, defaultValue);
    }

    /** A number option. */
    public static HubOption<Integer> integer(String name, int defaultValue, String help) {
        return new HubOption<>(name, Integer.class, Optional.of(defaultValue), Integer.toString(defaultValue), help,
                text -> (int) parseWhole(name, text, Integer.MIN_VALUE, Integer.MAX_VALUE),
                Optional.empty(), Scope.EVERYWHERE, false);
    }

    /** A large number option. */
    public static HubOption<Long> number(String name, long defaultValue, String help) {
        return new HubOption<>(name, Long.class, Optional.of(defaultValue), Long.toString(defaultValue), help,
                text -> parseWhole(name, text, Long.MIN_VALUE, Long.MAX_VALUE), Optional.empty(), Scope.EVERYWHERE,
                false);
    }

    /** A yes-or-no option; given without a value on the command line, it means yes. */
    public static HubOption<Boolean> flag(String name, boolean defaultValue, String help) {
        return new HubOption<>(name, Boolean.class, Optional.of(defaultValue), Boolean.toString(defaultValue), help,
                text -> parseBoolean(name, text), Optional.empty(), Scope.EVERYWHERE, false);
    }

    /**
     * A duration option: {@code 500ms}, {@code 40s}, {@code 5m}, {@code 1h}, {@code 2d}, a number of seconds
     * ({@code 20}, {@code 1.5}) or ISO-8601 ({@code PT20S}).
     */
    public static HubOption<Duration> duration(String name, Duration defaultValue, String help) {
        return new HubOption<>(name, Duration.class, Optional.of(defaultValue), durationText(defaultValue), help,
                text -> parseDuration(name, text), Optional.empty(), Scope.EVERYWHERE, false);
    }

    /** A list option: given several times, or as one comma-separated value; empty by default. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static HubOption<List<String>> list(String name, String help) {
        Function<String, List<String>> parser = text -> Arrays.stream(text.split(",")).map(String::strip)
                .filter(value -> !value.isEmpty()).toList();
        return new HubOption(name, List.class, Optional.of(List.of()), "", help, parser, Optional.empty(),
                Scope.EVERYWHERE, false);
    }

    /** This option with a default that is computed where the hub runs, described by {@code description}. */
    public HubOption<T> withComputedDefault(String description) {
        return new HubOption<>(name, type, Optional.empty(), description, help, parser, flag, scope, secret);
    }

    /** This option, named {@code --flag} on the command line (and {@code HERALD_FLAG}) instead of its name. */
    public HubOption<T> withFlag(String flag) {
        return new HubOption<>(name, type, defaultValue, defaultText, help, parser, Optional.of(flag), scope, secret);
    }

    /** This option, having an effect only where {@code scope} says. */
    public HubOption<T> within(Scope scope) {
        return new HubOption<>(name, type, defaultValue, defaultText, help, parser, flag, scope, secret);
    }

    /** This option, whose values are secrets: never shown in help, logs or errors. */
    public HubOption<T> secret() {
        return new HubOption<>(name, type, defaultValue, defaultText, help, parser, flag, scope, true);
    }

    private HubOption<T> withDefault(T value, String text) {
        return new HubOption<>(name, type, Optional.of(value), text, help, parser, flag, scope, secret);
    }

    /** The option's name: lower-case words joined by {@code -}, as in {@code herald.hub.history-size}. */
    public String name() {
        return name;
    }

    /** The command-line flag without its dashes: the name unless the command line has always spelled it otherwise. */
    public String flagName() {
        return flag.orElse(name);
    }

    /** The environment variable {@code herald serve} reads the option from: {@code HERALD_} and the flag's words. */
    public String environmentVariable() {
        return "HERALD_" + flagName().toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The type of its values ({@code List} for a list). */
    public Class<?> type() {
        return type;
    }

    /** Whether the option takes several values. */
    public boolean isList() {
        return type == List.class;
    }

    /** The default value, unless none is set or it is computed where the hub runs. */
    public Optional<T> defaultValue() {
        return defaultValue;
    }

    /** The default as help shows it: the value, a description of how it is computed, or empty for none. */
    public String defaultText() {
        return defaultText;
    }

    /** One line of help. */
    public String help() {
        return help;
    }

    /** Where the option has an effect. */
    public Scope scope() {
        return scope;
    }

    /** Whether values are secrets. */
    public boolean isSecret() {
        return secret;
    }

    /**
     * Reads a value as written on a command line, in a variable or in a property.
     *
     * @throws IllegalArgumentException naming the option and saying what it takes (without the value of a secret)
     */
    public T parse(String text) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw secret ? new IllegalArgumentException(name + ": not a valid value") : e;
        }
    }

    @Override
    public String toString() {
        return name;
    }

    private static long parseWhole(String name, String text, long min, long max) {
        try {
            long value = Long.parseLong(text.strip().replace("_", ""));
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " takes a whole number, not '" + text + "'");
        }
    }

    private static Boolean parseBoolean(String name, String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> Boolean.TRUE;
            case "false", "no", "off", "0" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException(name + " takes true or false, not '" + text + "'");
        };
    }

    private static Duration parseDuration(String name, String text) {
        String value = text.strip();
        if (SECONDS.matcher(value).matches()) {
            return Duration.ofNanos(new BigDecimal(value).movePointRight(9).longValueExact());
        }
        Matcher matcher = SHORT_DURATION.matcher(value);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " takes a duration (20 for seconds, 500ms, 40s, 5m, 1h), not '"
                    + text + "'");
        }
    }

    private static String durationText(Duration duration) {
        if (duration.isZero()) {
            return "0";
        }
        if (duration.toMillis() % 1000 != 0) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.getSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
