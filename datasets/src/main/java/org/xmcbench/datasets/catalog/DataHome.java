package org.xmcbench.datasets.catalog;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things live: the xmcbench checkout ({@code XMC_HOME}: catalog and bundled data) and the download cache
 * ({@code XMC_DATA}, default {@code $XDG_CACHE_HOME/xmcbench} or {@code ~/.cache/xmcbench}).
 */
public final class DataHome {
    private DataHome() {}

    public static Path cache() {
        String env = System.getenv("XMC_DATA");
        if (env == null || env.isBlank()) {
            env = System.getProperty("xmc.data");
        }
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("xmcbench");
    }

    /**
     * The checkout: {@code -Dxmc.home}, {@code XMC_HOME}, else the nearest folder at or above the working
     * directory that holds {@code datasets/catalog.json}.
     */
    public static Path home() {
        String p = System.getProperty("xmc.home");
        if (p == null || p.isBlank()) {
            p = System.getenv("XMC_HOME");
        }
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("datasets/catalog.json"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        return Path.of("").toAbsolutePath();
    }
}
