package dev.herald.spring.boot;

/**
 * Writes an object as an update's data, for {@link HubTemplate}. The starter's writes JSON with the application's
 * own {@code JsonMapper} (its modules, naming and views), so that an update reads as the application's REST answers
 * do; a bean of this type replaces it.
 */
@FunctionalInterface
public interface HubPayloadWriter {

    /** {@code payload} as an update's data. */
    String write(Object payload);
}
