package dev.herald.cli;

import dev.herald.hub.HubOption;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations as people write them, by the hub's one rule ({@link HubOption#duration}): {@code 500ms},
 * {@code 40s}, {@code 5m}, {@code 1h}, {@code 2d}, a bare number of seconds ({@code 20}, {@code 1.5}), or ISO-8601
 * ({@code PT20S}).
 */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final HubOption<Duration> DURATION = HubOption.duration("duration", Duration.ZERO, "A duration.");

    @Override
    public Duration convert(String value) {
        try {
            return DURATION.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value
                    + "' is not a duration (examples: 20 for seconds, 500ms, 40s, 5m, 1h)");
        }
    }
}
