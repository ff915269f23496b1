package org.deskline.testkit.proc;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Finding external tools, and skipping tests without them (except on CI, where they must run). */
public final class Tools {
    private Tools() {
    }

    public static Optional<Path> onPath(String binary) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Skips the current test (a JUnit assumption) when {@code binary} is missing; fails it instead
     * when the environment variable {@code CI} is set, because CI installs the tools.
     */
    public static void assumeInstalled(String binary, String debianPackage) {
        if (onPath(binary).isPresent()) {
            return;
        }
        String reason = binary + " is not installed (apt-get install " + debianPackage + ")";
        if (System.getenv("CI") != null) {
            Assertions.fail(reason + ", and CI (environment variable CI is set) must run this test");
        }
        Assumptions.abort(reason);
    }
}
