package org.xmcbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.cli.report.ResultsScanner;
import org.xmcbench.cli.run.Provenance;
import org.xmcbench.cli.run.RunRecord;
import org.xmcbench.datasets.generate.SyntheticGenerator;
import org.xmcbench.datasets.layout.DatasetWriter;
import org.xmcbench.datasets.layout.Layout;

/**
 * The harness end to end, with real child JVMs: failures stay in their run, a killed suite resumes to exactly one
 * record per run with no torn file, the regression gate catches a planted regression, reports are written.
 */
class HarnessTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void dataset() throws IOException {
        data = tmp.resolve("synthetic-small");
        DatasetWriter.write(SyntheticGenerator.generate(new SyntheticGenerator.Spec(1500, 300, 200, 800, 3.0, 4, 1.1,
                7)), data, Layout.XC, DatasetWriter.Options.defaults());
    }

    private static Path suite(String name, String methods, String extra) throws IOException {
        Path f = tmp.resolve(name + ".yaml");
        Files.writeString(f, "name: " + name + "\ndatasets: [\"" + data + "\"]\nmethods: " + methods + "\n" + extra);
        return f;
    }

    @Test
    void failuresAreRecordedAndTheSuiteGoesOn() throws Exception {
        Path out = tmp.resolve("failures");
        Path s = suite("failures", "[prior, test-throws, test-oom, test-hangs, tfidf-knn]",
                "timeout: 15s\nmemory: 96m\nlatency_sample: 20\n");
        CliTest.Result r = CliTest.run("run", "--suite", s.toString(), "--out", out.toString());
        assertEquals(1, r.code(), "a suite with failed runs exits 1\n" + r.out() + r.err());
        Map<String, Map<String, Object>> byMethod = new java.util.TreeMap<>();
        for (Path dir : ResultsScanner.runDirs(out)) {
            Map<String, Object> rec = RunRecord.read(dir);
            byMethod.put(String.valueOf(rec.get("method")), rec);
        }
        assertEquals("success", byMethod.get("prior").get("status"));
        assertEquals("success", byMethod.get("tfidf-knn").get("status"));
        Map<String, Object> thrown = byMethod.get("test-throws");
        assertEquals("failed", thrown.get("status"));
        assertEquals("fit", thrown.get("stage"));
        assertTrue(String.valueOf(thrown.get("reason")).contains("deliberate failure in fit"), thrown.toString());
        Map<String, Object> oom = byMethod.get("test-oom");
        assertEquals("fit", oom.get("stage"));
        assertTrue(String.valueOf(oom.get("reason")).startsWith("out of memory"), oom.toString());
        Map<String, Object> hang = byMethod.get("test-hangs");
        assertEquals("fit", hang.get("stage"));
        assertTrue(String.valueOf(hang.get("reason")).startsWith("timeout"), hang.toString());
        Map<String, Object> ok = byMethod.get("tfidf-knn");
        assertNotNull(Provenance.measuredOf(ok).get("jvm_version"));
        // The machine's load around the fit and the latency sample, so a reader can tell a timing taken beside
        // other work (Linux always has a load average).
        Map<?, ?> fitTiming = (Map<?, ?>) ((Map<?, ?>) ok.get("timings")).get("fit");
        Map<?, ?> latency = (Map<?, ?>) ((Map<?, ?>) ((java.util.List<?>) ok.get("results")).get(0)).get("latency");
        for (Object o : java.util.List.of(fitTiming.get("load_1m"), latency.get("load_1m"))) {
            Map<?, ?> load = (Map<?, ?>) o;
            assertTrue(((Number) load.get("start")).doubleValue() >= 0
                    && ((Number) load.get("end")).doubleValue() >= 0, load.toString());
            assertEquals(Runtime.getRuntime().availableProcessors(), ((Number) load.get("cores")).intValue());
        }
        assertTrue(Files.exists(ResultsScanner.runDirs(out).stream()
                .filter(d -> d.toString().contains("tfidf-knn")).findFirst().orElseThrow()
                .resolve("predictions-default.npz")));

        // Skip-if-done: a second invocation re-runs only the failures.
        CliTest.Result again = CliTest.run("run", "--suite", s.toString(), "--out", out.toString(), "--resume");
        assertEquals(0, again.code(), again.out() + again.err());
        assertTrue(again.out().split("skipped", -1).length - 1 == 5, again.out());
    }

    @Test
    @SuppressWarnings("unchecked")
    void ensemblesOfASuiteAreScoredAsRowsAndAMissingMemberFailsOnlyItsEnsemble() throws Exception {
        Path out = tmp.resolve("ensembles");
        Path s = suite("ensembles", "[{id: xr-linear, set: {Cp: [1.0, 4.0]}}]", """
                latency_sample: 5
                ensembles:
                  - name: knn-pair
                    rule: rank_average
                    members:
                      - {method: xr-linear, set: {Cp: "1.0"}}
                      - {method: xr-linear, set: {Cp: "4.0"}}
                  - name: knn-missing
                    rule: softmax_average
                    members:
                      - {method: xr-linear, set: {Cp: "1.0"}}
                      - {method: xr-linear, set: {Cp: "2.0"}}
                """);
        CliTest.Result r = CliTest.run("run", "--suite", s.toString(), "--out", out.toString());
        assertEquals(1, r.code(), "the failed ensemble makes the suite exit 1\n" + r.out() + r.err());
        Map<String, Map<String, Object>> byMethod = new java.util.TreeMap<>();
        for (Path dir : ResultsScanner.runDirs(out)) {
            Map<String, Object> rec = RunRecord.read(dir);
            byMethod.merge(String.valueOf(rec.get("method")), rec, (a, b) -> a);
        }
        Map<String, Object> pair = byMethod.get("knn-pair");
        assertEquals("success", pair.get("status"), pair.toString());
        List<Map<String, Object>> members = (List<Map<String, Object>>) ((Map<String, Object>) pair.get("ensemble"))
                .get("members");
        assertEquals(2, members.size());
        for (Map<String, Object> m : members) {
            assertTrue(Files.isRegularFile(out.resolve(String.valueOf(m.get("run"))).resolve("run.json")), m.toString());
        }
        Map<String, Object> missing = byMethod.get("knn-missing");
        assertEquals("failed", missing.get("status"));
        assertTrue(String.valueOf(missing.get("reason")).contains("{Cp=2.0}"), missing.toString());
        // The leaderboard shows the ensemble as a row with metrics.
        assertTrue(ResultsScanner.rows(out).stream().anyMatch(row -> row.method().equals("knn-pair")
                && row.p1() != null && row.p1() > 0));
    }

    @Test
    void aKilledSuiteResumesToExactlyOneRecordPerRun() throws Exception {
        Path out = tmp.resolve("killed");
        Path s = suite("killed", "[prior, tfidf-knn]", "seeds: [0, 1, 2, 3, 4, 5]\nlatency_sample: 20\n");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "run", "--suite", s.toString(), "--out",
                out.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("killed.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (countSuccess(out) < 2 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(p.isAlive(), "the suite finished before it could be killed; make it longer");
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        int before = countSuccess(out);
        assertTrue(before >= 2 && before < 12, "killed mid-suite after " + before + " runs");
        CliTest.Result resumed = CliTest.run("run", "--suite", s.toString(), "--out", out.toString(), "--resume");
        assertEquals(0, resumed.code(), resumed.out() + resumed.err());
        List<Path> dirs = ResultsScanner.runDirs(out);
        assertEquals(12, dirs.size(), "2 methods x 6 seeds");
        for (Path d : dirs) {
            assertEquals("success", RunRecord.read(d).get("status"), d.toString()); // parses: not torn
        }
        try (Stream<Path> files = Files.walk(out)) {
            assertEquals(12, files.filter(f -> f.getFileName().toString().equals("run.json")).count());
        }
    }

    /** A harness terminated while its worker runs (kill, a batch system's SIGTERM) takes the worker with it. */
    @Test
    void aTerminatedHarnessStopsItsWorker() throws Exception {
        Path out = tmp.resolve("terminated");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "-Dai.djl.offline=true", Main.class.getName(), "run",
                "--method", "dual-encoder", "--dataset", "debian-tags", "--out", out.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("terminated.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        List<ProcessHandle> workers = List.of();
        while (workers.isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            workers = p.descendants().toList();
        }
        assertTrue(p.isAlive() && !workers.isEmpty(), "no worker started");
        p.destroy(); // SIGTERM to the harness only, not to its process group
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        for (ProcessHandle w : workers) {
            w.onExit().get(30, TimeUnit.SECONDS);
            assertTrue(!w.isAlive(), "worker " + w.pid() + " outlived its harness");
        }
    }

    private static int countSuccess(Path out) throws IOException {
        int n = 0;
        for (Path d : ResultsScanner.runDirs(out)) {
            n += "success".equals(RunRecord.status(d)) ? 1 : 0;
        }
        return n;
    }

    @Test
    void regressionGateAndReports() throws Exception {
        Path base = tmp.resolve("gate-base");
        Path s = suite("gate", "[prior, tfidf-knn]", "latency_sample: 20\n");
        assertEquals(0, CliTest.run("run", "--suite", s.toString(), "--out", base.toString()).code());
        Path cand = tmp.resolve("gate-cand");
        copy(base, cand);
        assertEquals(0, CliTest.run("check", "--baseline", base.toString(), "--candidate", cand.toString()).code());
        // Plant a regression: the kNN's P@1 falls by 0.05.
        Path knn = ResultsScanner.runDirs(cand).stream().filter(d -> d.toString().contains("tfidf-knn")).findFirst()
                .orElseThrow();
        Map<String, Object> rec = RunRecord.read(knn);
        @SuppressWarnings("unchecked")
        Map<String, Object> py = (Map<String, Object>) ((Map<String, Object>) ((List<Map<String, Object>>) rec
                .get("results")).get(0).get("metrics")).get("pyxclib");
        py.put("P@1", ((Number) py.get("P@1")).doubleValue() - 0.05);
        RunRecord.write(knn, rec);
        CliTest.Result r = CliTest.run("check", "--baseline", base.toString(), "--candidate", cand.toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("P@1 dropped by 0.0500"), r.out());
        assertTrue(Files.readString(cand.resolve("check-junit.xml")).contains("<failure"));
        assertEquals(0, CliTest.run("check", "--baseline", base.toString(), "--candidate", cand.toString(),
                "--tolerance", "P@1=0.06").code());

        assertEquals(0, CliTest.run("report", "--results", base.toString()).code());
        for (String f : new String[] {"leaderboard.md", "leaderboard.csv", "leaderboard.html"}) {
            assertTrue(Files.size(base.resolve(f)) > 200, f);
        }
        String html = Files.readString(base.resolve("leaderboard.html"));
        assertTrue(html.contains("<table class=\"leaderboard sortable\">") && html.contains("data:image/png;base64,"));
        assertTrue(!html.contains("http://") && !html.contains("https://"), "the page must not reference the network");
        HtmlInBrowser.assertRendersOffline(base.resolve("leaderboard.html"), tmp.resolve("screenshot.png"));

        CliTest.Result ev = CliTest.run("evaluate", "--run", knn.toString(), "--k", "3");
        assertEquals(0, ev.code(), ev.err());
        assertTrue(ev.out().contains("\"P@3\""), ev.out());
    }

    /**
     * With a validation share the method is fitted without those training rows, the thresholds come from its
     * predictions on them, and what the record says they accept on test is recomputed here from the saved test
     * predictions and the test labels.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aValidationShareChoosesThresholdsOnRowsTheFitNeverSaw() throws Exception {
        Path out = tmp.resolve("validation");
        Path s = suite("validation", "[tfidf-knn]", "validation: 0.1\nlatency_sample: 20\n");
        assertEquals(0, CliTest.run("run", "--suite", s.toString(), "--out", out.toString()).code());
        Path dir = ResultsScanner.runDirs(out).get(0);
        Map<String, Object> rec = RunRecord.read(dir);
        Map<String, Object> v = (Map<String, Object>) rec.get("validation");
        assertEquals(150, ((Number) v.get("rows")).intValue());
        assertEquals(1350, ((Number) v.get("train_rows")).intValue());
        Map<String, Object> result = ((List<Map<String, Object>>) rec.get("results")).get(0);
        Map<String, Object> pecos = (Map<String, Object>) ((Map<String, Object>) result.get("metrics")).get("pecos");
        Number t = (Number) pecos.get("validation_threshold@0.50");
        assertNotNull(t, "a 0.5 precision is reachable on this data: " + pecos);

        org.xmcbench.core.data.CsrMatrix pred = org.xmcbench.datasets.io.Npz.read(dir.resolve(
                String.valueOf(result.get("predictions"))));
        org.xmcbench.core.data.CsrMatrix truth = org.xmcbench.datasets.layout.DatasetReader.read(data).testLabels();
        int accepted = 0;
        int right = 0;
        for (int r = 0; r < pred.rows(); r++) {
            int best = -1;
            float score = Float.NEGATIVE_INFINITY;
            for (long p = pred.rowStart(r); p < pred.rowEnd(r); p++) {
                if (pred.value(p) > score) { // ascending label ids: the first of equal scores wins
                    score = pred.value(p);
                    best = pred.index(p);
                }
            }
            if (best >= 0 && score >= t.floatValue()) {
                accepted++;
                for (long p = truth.rowStart(r); p < truth.rowEnd(r); p++) {
                    if (truth.index(p) == best) {
                        right++;
                    }
                }
            }
        }
        assertEquals((double) accepted / pred.rows(),
                ((Number) pecos.get("coverage_at_validation_threshold@0.50")).doubleValue(), 1e-12);
        assertEquals((double) right / accepted,
                ((Number) pecos.get("precision_at_validation_threshold@0.50")).doubleValue(), 1e-12);
        assertTrue(((Number) pecos.get("coverage_at_validation_threshold@0.50")).doubleValue()
                <= ((Number) pecos.get("coverage_at_precision@0.50")).doubleValue() + 1e-12
                || ((Number) pecos.get("precision_at_validation_threshold@0.50")).doubleValue() < 0.5,
                "the test-side oracle is an upper bound whenever the transferred threshold keeps the target");

        // Another training set, another configuration: the same run without validation is a different hash.
        Path plain = tmp.resolve("validation-plain");
        Path s2 = suite("validation-plain", "[tfidf-knn]", "latency_sample: 20\n");
        assertEquals(0, CliTest.run("run", "--suite", s2.toString(), "--out", plain.toString()).code());
        Map<String, Object> plainRec = RunRecord.read(ResultsScanner.runDirs(plain).get(0));
        assertTrue(!plainRec.get("config_hash").equals(rec.get("config_hash")));
        assertEquals(null, plainRec.get("validation"));

        // The leaderboard shows the transferred coverage only where a run has it.
        assertEquals(0, CliTest.run("report", "--results", out.toString()).code());
        assertTrue(Files.readString(out.resolve("leaderboard.md")).contains("| C@1 val0.9 |"));
        assertEquals(0, CliTest.run("report", "--results", plain.toString()).code());
        assertTrue(!Files.readString(plain.resolve("leaderboard.md")).contains("| C@1 val0.9 |"));
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : new ArrayList<>(s.toList())) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
