package org.xmcbench.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two harnesses launching the same run at once, as a resubmitted Slurm task beside a still-running one would:
 * the run folder's lock lets exactly one of them run it, and the record it leaves is whole.
 */
class ConcurrentRunsTest {
    @TempDir
    Path tmp;

    @Test
    void twoLaunchersOfOneRunRunItOnce() throws Exception {
        RunSpec spec = new RunSpec("xr-linear", "debian-tags", Map.of(), List.of(Map.of()), 0, 10, 20, null, Map.of());
        Path dir = new RunLauncher(tmp, java.time.Duration.ofMinutes(5), "2g").runDir(spec).toAbsolutePath();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("spec.json"), spec.toJson());
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ps.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "org.xmcbench.cli.Main", "run-spec",
                    dir.resolve("spec.json").toString(), "--memory", "2g").redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("launcher-" + i + ".log").toFile()).start());
        }
        for (Process p : ps) {
            assertTrue(p.waitFor(5, TimeUnit.MINUTES));
            assertEquals(0, p.exitValue());
        }
        String a = Files.readString(tmp.resolve("launcher-0.log")) + Files.readString(tmp.resolve("launcher-1.log"));
        assertEquals(1, a.lines().filter(l -> l.startsWith("success ")).count(), a);
        assertEquals(1, a.lines().filter(l -> l.startsWith("skipped ") && l.contains("running elsewhere")).count(), a);
        assertEquals("success", RunRecord.status(dir));
    }
}
