package dev.herald.hub.frontend;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP header fields, in order, names compared without case: a request's, or a response's being made. Not
 * thread-safe; a request's are read only once it is handed to the hub.
 */
public final class Headers implements Iterable<Map.Entry<String, String>> {

    private final List<Map.Entry<String, String>> fields = new ArrayList<>();

    /** No fields yet. */
    public Headers() {
    }

    /** The first value of {@code name}, if the field is present. */
    public Optional<String> first(String name) {
        for (Map.Entry<String, String> field : fields) {
            if (field.getKey().equalsIgnoreCase(name)) {
                return Optional.of(field.getValue());
            }
        }
        return Optional.empty();
    }

    /** Every value of {@code name}, in order; empty when the field is absent. */
    public List<String> all(String name) {
        List<String> values = new ArrayList<>(1);
        for (Map.Entry<String, String> field : fields) {
            if (field.getKey().equalsIgnoreCase(name)) {
                values.add(field.getValue());
            }
        }
        return values;
    }

    /** Whether the field {@code name} is present. */
    public boolean contains(String name) {
        return first(name).isPresent();
    }

    /** Adds a value of {@code name}, after any it has. */
    public Headers add(String name, String value) {
        fields.add(Map.entry(name, value));
        return this;
    }

    /** Makes {@code value} the only value of {@code name}. */
    public Headers set(String name, String value) {
        fields.removeIf(field -> field.getKey().equalsIgnoreCase(name));
        return add(name, value);
    }

    /** Adds every field of {@code others}, after these. */
    public Headers addAll(Headers others) {
        fields.addAll(others.fields);
        return this;
    }

    /** The fields, in order. */
    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        return List.copyOf(fields).iterator();
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
