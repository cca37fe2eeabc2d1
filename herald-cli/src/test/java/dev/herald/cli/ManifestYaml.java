package dev.herald.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The YAML that docs/deploy/kubernetes is written in, and no more: documents split by {@code ---}, block mappings and
 * sequences by indentation (a sequence item may open a mapping, {@code - name: x}), plain, single- and double-quoted
 * scalars (as strings), comments. Anything else (flow collections, anchors, multi-line scalars) is refused, so a
 * manifest that drifts from this subset fails its test instead of being misread.
 */
final class ManifestYaml {

    private record Line(int indent, String text, int number) {
    }

    private final List<Line> lines;
    private int next;

    private ManifestYaml(List<Line> lines) {
        this.lines = lines;
    }

    /** The documents of {@code text}, each a map of maps, lists and strings. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(String text) {
        List<Map<String, Object>> documents = new ArrayList<>();
        List<Line> current = new ArrayList<>();
        String[] raw = text.split("\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String line = withoutComment(raw[i]).stripTrailing();
            if (line.equals("---")) {
                if (!current.isEmpty()) {
                    documents.add((Map<String, Object>) new ManifestYaml(current).block());
                }
                current = new ArrayList<>();
            } else if (!line.isBlank()) {
                int indent = line.length() - line.stripLeading().length();
                current.add(new Line(indent, line.strip(), i + 1));
            }
        }
        if (!current.isEmpty()) {
            documents.add((Map<String, Object>) new ManifestYaml(current).block());
        }
        return documents;
    }

    /** The value at {@code path} (map keys, or list indexes as numbers) under {@code node}, if there is one. */
    @SuppressWarnings("unchecked")
    static Optional<Object> at(Object node, Object... path) {
        Object value = node;
        for (Object step : path) {
            if (step instanceof Integer index && value instanceof List<?> list && index < list.size()) {
                value = list.get(index);
            } else if (step instanceof String key && value instanceof Map<?, ?> map && map.containsKey(key)) {
                value = ((Map<String, Object>) map).get(key);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(value);
    }

    private Object block() {
        Line first = lines.get(next);
        return first.text().startsWith("- ") || first.text().equals("-") ? sequence(first.indent())
                : mapping(first.indent());
    }

    private Map<String, Object> mapping(int indent) {
        Map<String, Object> map = new LinkedHashMap<>();
        while (next < lines.size() && lines.get(next).indent() == indent && !lines.get(next).text().startsWith("-")) {
            Line line = lines.get(next++);
            int colon = line.text().indexOf(": ");
            String key = colon < 0 && line.text().endsWith(":") ? line.text().substring(0, line.text().length() - 1)
                    : colon < 0 ? fail(line, "not a key: value") : line.text().substring(0, colon);
            String rest = colon < 0 ? "" : line.text().substring(colon + 2).strip();
            Object value;
            if (!rest.isEmpty()) {
                value = scalar(line, rest);
            } else if (next < lines.size() && (lines.get(next).indent() > indent
                    || lines.get(next).indent() == indent && lines.get(next).text().startsWith("-"))) {
                value = block();
            } else {
                value = "";
            }
            if (map.put(key, value) != null) {
                fail(line, "key " + key + " given twice");
            }
        }
        return map;
    }

    private List<Object> sequence(int indent) {
        List<Object> list = new ArrayList<>();
        while (next < lines.size() && lines.get(next).indent() == indent && lines.get(next).text().startsWith("-")) {
            Line line = lines.get(next);
            String item = line.text().substring(1).strip();
            if (item.isEmpty()) {
                next++;
                list.add(block());
            } else if (item.matches("[^\"'\\s][^:]*:( .*)?")) {
                // "- key: value" opens a mapping whose keys line up with this one
                lines.set(next, new Line(indent + line.text().indexOf(item), item, line.number()));
                list.add(mapping(indent + line.text().indexOf(item)));
            } else {
                next++;
                list.add(scalar(line, item));
            }
        }
        return list;
    }

    private static String scalar(Line line, String text) {
        if (text.length() >= 2 && (text.startsWith("\"") && text.endsWith("\"")
                || text.startsWith("'") && text.endsWith("'"))) {
            return text.substring(1, text.length() - 1);
        }
        if (text.startsWith("{") || text.startsWith("[") || text.startsWith("&") || text.startsWith("*")
                || text.startsWith("|") || text.startsWith(">") || text.startsWith("\"") || text.startsWith("'")) {
            return fail(line, "outside the YAML this reader takes: " + text);
        }
        return text;
    }

    /** The line without a comment: {@code #} at its start or after a space, outside quotes. */
    private static String withoutComment(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static <T> T fail(Line line, String problem) {
        throw new IllegalArgumentException("line " + line.number() + ": " + problem);
    }
}
