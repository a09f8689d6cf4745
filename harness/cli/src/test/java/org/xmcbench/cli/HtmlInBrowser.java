package org.xmcbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/**
 * Loads a report in a real headless Chromium with networking disabled, takes a screenshot, and checks it is not
 * blank (many distinct colours: tables and plots drew). CI installs Debian's chromium; without it the check is
 * skipped locally but fails under CI=true.
 */
final class HtmlInBrowser {
    private HtmlInBrowser() {}

    static void assertRendersOffline(Path html, Path screenshot) throws IOException, InterruptedException {
        Path chromium = Path.of("/usr/bin/chromium");
        if (!Files.isExecutable(chromium)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI must install chromium (apt-get install chromium) for the report test");
            }
            Assumptions.abort("chromium is not installed; the browser check runs in CI");
        }
        Path profile = Files.createTempDirectory("xmc-chromium");
        List<String> cmd = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--proxy-server=127.0.0.1:9", "--user-data-dir=" + profile,
                "--window-size=1400,2000", "--screenshot=" + screenshot, html.toUri().toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, p.exitValue(), "chromium failed");
        BufferedImage img = ImageIO.read(screenshot.toFile());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 50, "screenshot looks blank: " + colours.size() + " colours");
    }
}
