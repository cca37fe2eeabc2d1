package dev.herald.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test does when a real component it needs (a Redis, a compiler, a file system feature) is not on this
 * machine: it is skipped with the reason, except under {@code CI=true}, where everything the tests need must be
 * there and a skip would hide a check that did not run.
 */
public final class MissingComponent {

    private MissingComponent() {
    }

    /** Skips the calling test with {@code reason}, or fails it under {@code CI=true}. */
    public static void skipOrFail(String reason) {
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(reason + "; CI=true, so this is a failure rather than a skip");
        }
        Assumptions.abort(reason);
    }

    /** Skips (or under CI fails) the calling test unless {@code program} is on the PATH; Debian's {@code pkg} has it. */
    public static void requireProgram(String program, String pkg) {
        String path = System.getenv().getOrDefault("PATH", "");
        if (List.of(path.split(File.pathSeparator)).stream().noneMatch(dir -> Files.isExecutable(Path.of(dir, program)))) {
            skipOrFail(program + " is not on the PATH (install the " + pkg + " package)");
        }
    }
}
