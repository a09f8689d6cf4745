package org.xmcbench.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xmcbench.cli.Main;
import org.xmcbench.datasets.generate.SyntheticGenerator;
import org.xmcbench.datasets.layout.DatasetWriter;
import org.xmcbench.datasets.layout.Layout;

/**
 * A worker never outlives its harness, never runs beside another worker of the same run, never overruns its
 * timeout, and a harness stopped by a signal says so in the run's record. Real harness JVMs, real workers, real
 * signals: SIGKILL to the harness only (not its process group), as the OOM killer or a scheduler sends it.
 */
class WorkerLifecycleTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void dataset() throws IOException {
        data = tmp.resolve("synthetic-tiny");
        DatasetWriter.write(SyntheticGenerator.generate(new SyntheticGenerator.Spec(200, 50, 40, 300, 2.0, 4, 1.1,
                3)), data, Layout.XC, DatasetWriter.Options.defaults());
    }

    private static Process harness(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static Process run(Path out, String method, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "--method", method, "--dataset", data.toString(),
                "--out", out.toString(), "--memory", "256m"));
        args.addAll(List.of(extra));
        return harness(tmp.resolve(out.getFileName() + "-" + System.nanoTime() + ".log"), args.toArray(String[]::new));
    }

    /** The one run folder under {@code out}, once the harness has written its spec; null before. */
    private static Path runDir(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return null;
        }
        try (Stream<Path> s = Files.walk(out)) {
            return s.filter(p -> p.getFileName().toString().equals("spec.json")).findFirst().map(Path::getParent)
                    .orElse(null);
        }
    }

    /**
     * The harness's workers: its JVMs, not the other programs it runs (nvidia-smi or git for the provenance).
     * The worker's class name is past what the OS reports of a command line as long as its classpath.
     */
    private static List<ProcessHandle> workers(Process harness) {
        return harness.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).toList();
    }

    /** Waits for the harness's worker to be fitting, and returns it. */
    private static ProcessHandle fittingWorker(Process harness, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            assertTrue(harness.isAlive(), "the harness ended before its worker fitted");
            List<ProcessHandle> workers = workers(harness);
            if (workers.size() == 1 && runDir(out) != null && fitting(runDir(out))) {
                return workers.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no worker reached fit within 90 s");
    }

    private static boolean fitting(Path dir) throws IOException {
        Path stage = dir.resolve("stage");
        return Files.isRegularFile(stage) && Files.readString(stage).trim().equals("fit");
    }

    @Test
    void aHarnessKilledOutrightTakesItsWorkerWithItAndASecondLaunchNeverRunsBesideIt() throws Exception {
        Path out = tmp.resolve("killed");
        Process first = run(out, "test-hangs", "--timeout", "10m");
        ProcessHandle orphan = fittingWorker(first, out);
        Path dir = runDir(out);
        assertTrue(holdsLock(orphan, dir.resolve(RunLock.WORKER)), "the fitting worker holds its worker.lock");
        first.destroyForcibly(); // SIGKILL to the harness alone: no hook of its runs
        long killed = System.nanoTime();
        Process second = run(out, "test-hangs", "--resume", "--timeout", "3s");
        // Until the second harness ends, it never has a worker while the first one's still holds the run. (Not "while
        // the first one's process is alive": a worker that has released its lock and is being reaped is done with the
        // run, and a second launch may then start one; seen once on a loaded CI machine.)
        Path lock = dir.resolve(RunLock.WORKER);
        while (second.isAlive()) {
            if (!workers(second).isEmpty() && holdsLock(orphan, lock)) {
                second.descendants().forEach(ProcessHandle::destroyForcibly);
                second.destroyForcibly();
                orphan.destroyForcibly();
                fail("a second worker started beside the first harness's worker, still alive");
            }
            Thread.sleep(20);
        }
        assertTrue(orphan.onExit().get(30, TimeUnit.SECONDS) != null && !orphan.isAlive());
        double stoppedAfter = (System.nanoTime() - killed) / 1e9;
        Map<String, Object> rec = RunRecord.read(dir);
        if (second.exitValue() == 0) {
            // The second harness came while the orphan was still writing its record: it left the run alone.
            assertTrue(String.valueOf(rec.get("reason")).startsWith("harness died"), rec.toString());
        } else {
            // It came after: the interrupted run is not a failure that --resume skips; it ran again, to its timeout.
            assertEquals("failed", rec.get("status"));
            assertTrue(String.valueOf(rec.get("reason")).startsWith("timeout: exceeded 3s"), rec.toString());
        }
        assertTrue(stoppedAfter < 30, "the orphan stopped " + stoppedAfter + " s after its harness was killed");
    }

    /** Whether process {@code p} holds a POSIX lock on {@code file} (Java's file locks are fcntl locks). */
    private static boolean holdsLock(ProcessHandle p, Path file) throws IOException {
        if (!p.isAlive() || !Files.exists(file)) {
            return false;
        }
        String inode = ":" + Files.getAttribute(file, "unix:ino");
        for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
            String[] f = line.trim().split("\\s+");
            // "1: POSIX  ADVISORY  WRITE 4242 08:01:131 0 EOF" (blocked waiters have a "->" field first)
            int at = f.length > 1 && f[1].equals("->") ? 1 : 0;
            if (f.length > at + 5 && f[at + 4].equals(Long.toString(p.pid())) && f[at + 5].endsWith(inode)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aWorkerWhoseHarnessDiedStopsAndSaysSo() throws Exception {
        Path out = tmp.resolve("died");
        Process harness = run(out, "test-hangs", "--timeout", "10m");
        ProcessHandle worker = fittingWorker(harness, out);
        Path dir = runDir(out);
        harness.destroyForcibly();
        long killed = System.nanoTime();
        worker.onExit().get(20, TimeUnit.SECONDS);
        double stoppedAfter = (System.nanoTime() - killed) / 1e9;
        Map<String, Object> rec = RunRecord.read(dir);
        assertEquals("failed", rec.get("status"), rec.toString());
        assertEquals("fit", rec.get("stage"));
        assertTrue(String.valueOf(rec.get("reason")).startsWith("harness died"), rec.toString());
        assertEquals(true, rec.get(FailedRecord.INTERRUPTED));
        System.out.printf("worker stopped %.2f s after its harness was killed%n", stoppedAfter);
        assertTrue(stoppedAfter < 10, "stopped after " + stoppedAfter + " s");
    }

    /** The orphan stand-in: a worker started by this test, which holds its stdin as its harness would. */
    @Test
    void aLiveWorkerKeepsEveryLaterHarnessOffItsRun() throws Exception {
        Path out = tmp.resolve("locked");
        RunSpec spec = new RunSpec("test-hangs", data.toString(), Map.of(), List.of(Map.of()), 0, 10, 20, null,
                Map.of());
        Path dir = new RunLauncher(out, Duration.ofMinutes(5), "256m").runDir(spec).toAbsolutePath();
        Files.createDirectories(dir);
        Path specFile = dir.resolve("spec.json");
        Files.writeString(specFile, spec.toJson());
        Process worker = new ProcessBuilder(RunBackend.workerCommand(JAVA, "256m", System.getProperty(
                "java.class.path"), specFile, Duration.ofMinutes(5), true)).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("locked-worker.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!fitting(dir)) {
                assertTrue(worker.isAlive() && System.nanoTime() < deadline, "the worker did not reach fit");
                Thread.sleep(100);
            }
            Path log = tmp.resolve("locked-launcher.log");
            Process second = harness(log, "run-spec", specFile.toString(), "--force", "--memory", "256m",
                    "--timeout", "5s");
            assertTrue(second.waitFor(60, TimeUnit.SECONDS));
            String said = Files.readString(log);
            assertEquals(0, second.exitValue(), said);
            assertTrue(said.contains("skipped") && said.contains("a live worker holds worker.lock"), said);
            assertTrue(worker.isAlive());
            assertFalse(Files.exists(dir.resolve(RunRecord.FILE)), "the second harness touched the run");
            // This test is the worker's harness: it lets go, and the worker stops itself.
            worker.getOutputStream().close();
            assertTrue(worker.waitFor(20, TimeUnit.SECONDS));
            assertTrue(String.valueOf(RunRecord.read(dir).get("reason")).startsWith("harness died"));
        } finally {
            worker.destroyForcibly();
        }
    }

    /** A worker alone (as in a container whose harness was killed) ends itself at its deadline: never a success. */
    @Test
    void aWorkerPastItsDeadlineRecordsATimeoutAndNeverASuccess() throws Exception {
        Path out = tmp.resolve("deadline");
        int fitSeconds = 12;
        RunSpec spec = new RunSpec("test-slow", data.toString(), Map.of("seconds", Integer.toString(fitSeconds)),
                List.of(Map.of()), 0, 10, 20, null, Map.of());
        Path dir = new RunLauncher(out, Duration.ofMinutes(5), "256m").runDir(spec).toAbsolutePath();
        Files.createDirectories(dir);
        Path specFile = dir.resolve("spec.json");
        Files.writeString(specFile, spec.toJson());
        long t0 = System.nanoTime();
        Process worker = new ProcessBuilder(RunBackend.workerCommand(JAVA, "256m", System.getProperty(
                "java.class.path"), specFile, Duration.ofSeconds(5), false)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("worker.log").toFile()).start();
        try {
            assertTrue(worker.waitFor(60, TimeUnit.SECONDS));
            double took = (System.nanoTime() - t0) / 1e9;
            String log = Files.readString(dir.resolve("worker.log"));
            assertEquals(WorkerEnd.RECORDED_FAILURE, worker.exitValue(), log);
            Map<String, Object> rec = RunRecord.read(dir);
            assertEquals("failed", rec.get("status"), rec.toString());
            assertTrue(String.valueOf(rec.get("reason")).startsWith("timeout: exceeded 5s"), rec.toString());
            System.out.printf("worker with a 5 s timeout stopped itself after %.2f s, in stage %s%n", took,
                    rec.get("stage"));
            assertTrue(took < fitSeconds, "the worker ran " + took + " s: it did not stop at its 5 s deadline");
        } finally {
            worker.destroyForcibly();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void aSignalledHarnessRecordsTheRunAsTerminatedBySignal(String signal) throws Exception {
        // A process started in the background of a non-interactive shell inherits SIGINT ignored, and a JVM then
        // leaves it ignored (as Unix means it to): the harness started from here cannot see a SIGINT at all.
        assumeFalse(signal.equals("INT") && inheritedIgnored(2), "SIGINT is ignored in this process (started in"
                + " the background of a shell), so the harness it starts inherits that");
        Path out = tmp.resolve("signal-" + signal);
        Process harness = run(out, "test-hangs", "--timeout", "10m");
        ProcessHandle worker = fittingWorker(harness, out);
        Path dir = runDir(out);
        if (signal.equals("TERM")) {
            harness.destroy();
        } else {
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(harness.pid())).start().waitFor());
        }
        assertTrue(harness.waitFor(60, TimeUnit.SECONDS), "the harness ignored SIG" + signal);
        worker.onExit().get(30, TimeUnit.SECONDS);
        Map<String, Object> rec = RunRecord.read(dir);
        assertEquals("failed", rec.get("status"), rec.toString());
        assertEquals("fit", rec.get("stage"));
        assertTrue(String.valueOf(rec.get("reason")).startsWith("harness terminated by SIG" + signal), rec.toString());
        assertEquals(true, rec.get(FailedRecord.INTERRUPTED));
    }

    /** Whether signal {@code number} is ignored in this process, read from Linux's /proc/self/status SigIgn mask. */
    private static boolean inheritedIgnored(int number) throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                return (mask & (1L << (number - 1))) != 0;
            }
        }
        return false;
    }
}
