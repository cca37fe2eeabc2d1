package dev.herald.spring.boot;

import dev.herald.hub.HubOption;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values that are evidently not what was meant: a {@code ${...}} placeholder that nothing resolved (Spring leaves
 * it as written, so it would become the value, a key even), and for a secret, a value that is obviously no secret.
 * A secret is never repeated in a message; a placeholder's name is not a secret and is.
 */
final class SuspectValues {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private SuspectValues() {
    }

    /**
     * Checks the value {@code text} bound for {@code option}.
     *
     * @throws HubPropertyException naming the property and, for a placeholder, the variable it waits for
     */
    static void check(HubOption<?> option, String text) {
        String property = HubPropertyNames.of(option);
        Matcher placeholder = PLACEHOLDER.matcher(text);
        if (placeholder.find()) {
            String name = placeholder.group(1).strip();
            String variable = name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            String unset = name.equals(variable) ? "no property or environment variable " + name + " is set"
                    : "neither the property " + name + " nor the environment variable " + variable + " is set";
            throw new HubPropertyException(property, property + " is set to the placeholder ${" + name
                    + "}, which nothing resolved: " + unset + ".", "Set the environment variable " + variable
                    + " where the application runs, or give " + property + " a value of its own. Left as "
                    + "written, the placeholder would itself become the value.", null);
        }
        if (option.isSecret() && obviouslyNoSecret(text.strip())) {
            throw new HubPropertyException(property, property + " is not a secret: it is one character repeated, or "
                    + "a template such as <your-key>.", "Give " + property + " the real key, for "
                    + "example from an environment variable: " + property + "=${HERALD_JWT_KEY}.", null);
        }
    }

    private static boolean obviouslyNoSecret(String value) {
        if (value.chars().distinct().count() == 1) {
            return true;
        }
        return value.startsWith("<") && value.endsWith(">") && !value.contains("\n");
    }
}
