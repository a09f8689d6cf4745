package org.xmcbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/**
 * Loads a report in a real headless Chromium with networking disabled, takes a screenshot, and checks it is not
 * blank (many distinct colours: tables and plots drew), then that every chart the page has decoded as an image and
 * plots data (a script added to a copy of the page writes what it found into the DOM Chromium dumps). CI installs
 * Debian's chromium; without it the check is skipped locally but fails under CI=true.
 */
final class HtmlInBrowser {
    private HtmlInBrowser() {}

    /** Added to a copy of the page: on load, counts the charts and names those that did not decode or plot nothing. */
    private static final String PROBE = "<script>window.addEventListener('load', function () {"
            + "var imgs = Array.from(document.querySelectorAll('img.chart'));"
            + "var bad = imgs.filter(function (i) { return !(i.complete && i.naturalWidth > 0"
            + " && Number(i.dataset.points) > 0); }).map(function (i) { return i.alt; });"
            + "document.body.setAttribute('data-probe', imgs.length + ' charts; without data: ' + bad.join(' | '));"
            + "});</script>";
    private static final Pattern PROBED = Pattern.compile("data-probe=\"(\\d+) charts; without data: ([^\"]*)\"");

    static void assertRendersOffline(Path html, Path screenshot) throws IOException, InterruptedException {
        Path chromium = Path.of("/usr/bin/chromium");
        if (!Files.isExecutable(chromium)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI must install chromium (apt-get install chromium) for the report test");
            }
            Assumptions.abort("chromium is not installed; the browser check runs in CI");
        }
        runChromium(chromium, html, "--window-size=1400,2000", "--screenshot=" + screenshot);
        BufferedImage img = ImageIO.read(screenshot.toFile());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 50, "screenshot looks blank: " + colours.size() + " colours");
        assertEveryChartHasData(chromium, html);
    }

    private static void assertEveryChartHasData(Path chromium, Path html) throws IOException, InterruptedException {
        String page = Files.readString(html);
        int charts = page.split("<img class=\"chart\"", -1).length - 1;
        assertTrue(charts > 0, "the report has no chart");
        Path probe = Files.createTempDirectory("xmc-probe").resolve("probe.html");
        Files.writeString(probe, page.replace("</body>", PROBE + "</body>"));
        String dom = runChromium(chromium, probe, "--virtual-time-budget=10000", "--dump-dom");
        Matcher m = PROBED.matcher(dom);
        assertTrue(m.find(), "the probe did not run in the browser");
        assertEquals(charts, Integer.parseInt(m.group(1)), "charts the browser found");
        assertEquals("", m.group(2), "charts without data in the browser");
    }

    /** Runs headless Chromium on a page, networking off; returns what it printed (the DOM for --dump-dom). */
    private static String runChromium(Path chromium, Path html, String... args)
            throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("xmc-chromium");
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--proxy-server=127.0.0.1:9", "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        cmd.add(html.toUri().toString());
        Path out = Files.createTempFile(profile, "stdout", ".txt");
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, p.exitValue(), "chromium failed");
        return Files.readString(out);
    }
}
