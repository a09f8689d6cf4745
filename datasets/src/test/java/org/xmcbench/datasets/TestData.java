package org.xmcbench.datasets;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the bundled datasets and catalog of this checkout (tests run from the module folder). */
final class TestData {
    private TestData() {}

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("datasets/catalog.json"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the checkout root (datasets/catalog.json) above "
                    + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path bundled(String name) {
        return repoRoot().resolve("datasets/bundled").resolve(name);
    }
}
