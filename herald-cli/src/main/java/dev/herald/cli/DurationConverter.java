package dev.herald.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations as people write them: {@code 500ms}, {@code 40s}, {@code 5m}, {@code 1h}, {@code 2d}, a bare
 * number of seconds ({@code 20}, {@code 1.5}), or ISO-8601 ({@code PT20S}).
 */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern SECONDS = Pattern.compile("\\d{1,9}(\\.\\d{1,9})?");

    @Override
    public Duration convert(String value) {
        if (SECONDS.matcher(value.trim()).matches()) {
            return Duration.ofNanos(new BigDecimal(value.trim()).movePointRight(9).longValueExact());
        }
        Matcher matcher = SHORT.matcher(value.trim());
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
            return Duration.parse(value.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new TypeConversionException("'" + value
                    + "' is not a duration (examples: 20 for seconds, 500ms, 40s, 5m, 1h)");
        }
    }
}
