package dev.herald.hub;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Values given for {@link HubOption}s, as a front-end read them (command line, environment, Spring properties); an
 * option not given has its default. Immutable.
 */
public final class OptionValues {

    private static final OptionValues EMPTY = new OptionValues(Map.of());

    private final Map<String, Object> values;

    private OptionValues(Map<String, Object> values) {
        this.values = values;
    }

    /** No option given: every option has its default. */
    public static OptionValues empty() {
        return EMPTY;
    }

    /** A builder of values. */
    public static Builder builder() {
        return new Builder();
    }

    /** The value given for {@code option}, else its default; empty when it has neither. */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> value(HubOption<T> option) {
        Object given = values.get(option.name());
        return given != null ? Optional.of((T) given) : option.defaultValue();
    }

    /**
     * The value given for {@code option}, else its default.
     *
     * @throws IllegalStateException when it has neither
     */
    public <T> T get(HubOption<T> option) {
        return value(option).orElseThrow(() -> new IllegalStateException(option.name() + " has no value"));
    }

    /** Whether a value was given for {@code option}. */
    public boolean isSet(HubOption<?> option) {
        return values.containsKey(option.name());
    }

    /** The names of the options given a value. */
    public Set<String> names() {
        return values.keySet();
    }

    /** These values, with those of {@code others} where given: a later source overrides an earlier one. */
    public OptionValues with(OptionValues others) {
        Map<String, Object> merged = new LinkedHashMap<>(values);
        merged.putAll(others.values);
        return new OptionValues(Map.copyOf(merged));
    }

    @Override
    public String toString() {
        return "OptionValues" + values.keySet();
    }

    /** Collects values; not thread-safe. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Builder() {
        }

        /** Gives {@code option} the value {@code value}. */
        public <T> Builder set(HubOption<T> option, T value) {
            Objects.requireNonNull(value, option.name());
            values.put(option.name(), option.isList() ? List.copyOf((List<?>) value) : value);
            return this;
        }

        /**
         * Gives {@code option} the value {@code text} reads as; a list option adds the values to those given before
         * (a repeated flag, or a comma-separated one).
         *
         * @throws IllegalArgumentException when the text is not a value of the option
         */
        public <T> Builder parse(HubOption<T> option, String text) {
            T value = option.parse(text);
            if (option.isList() && values.get(option.name()) instanceof List<?> before) {
                List<Object> joined = new ArrayList<>(before);
                joined.addAll((List<?>) value);
                values.put(option.name(), List.copyOf(joined));
            } else {
                set(option, value);
            }
            return this;
        }

        /** The values. */
        public OptionValues build() {
            return new OptionValues(Map.copyOf(values));
        }
    }
}
