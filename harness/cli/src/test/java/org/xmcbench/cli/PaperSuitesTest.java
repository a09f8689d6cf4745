package org.xmcbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.cli.report.ReportedComparison;
import org.xmcbench.cli.report.ReportedNumbers;
import org.xmcbench.cli.run.Provenance;
import org.xmcbench.cli.run.RunLauncher;
import org.xmcbench.cli.run.RunRecord;
import org.xmcbench.cli.run.RunSpec;
import org.xmcbench.cli.run.Suite;
import org.xmcbench.datasets.catalog.Catalog;
import org.xmcbench.datasets.catalog.DataHome;

/**
 * The seed papers' suites: each stops before any run on a machine without its data or GPU, and runs recorded under
 * their own dataset names and method ids meet every published number of the paper that is about them, single
 * models with single models, ensembles with ensembles, wherever the results folder is.
 */
class PaperSuitesTest {
    private static final List<String> PAPER_SUITES = List.of("xr-transformer-neurips21", "elias-neurips22",
            "prime-naacl25");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The value every planted metric has: the comparison must carry it, not the published one. */
    private static final double PLANTED = 0.4321;

    @TempDir
    Path tmp;

    private static Path suiteFile(String name) {
        return DataHome.home().resolve("suites/" + name + ".yaml");
    }

    @Test
    void everyPaperSuiteStopsBeforeAnyRunWhenItsDataIsNotHere() {
        assumeTrue(System.getenv("XMC_DATA") == null, "the test points the data cache at an empty folder");
        String before = System.getProperty("xmc.data");
        System.setProperty("xmc.data", tmp.resolve("empty-cache").toString());
        try {
            for (String suite : PAPER_SUITES) {
                Path out = tmp.resolve("out-" + suite);
                CliTest.Result r = CliTest.run("run", "--suite", suiteFile(suite).toString(), "--out", out.toString());
                assertEquals(1, r.code(), suite + ": " + r.out() + r.err());
                assertTrue(r.err().contains("is not downloaded: run `xmc datasets fetch "), suite + ": " + r.err());
                assertFalse(Files.exists(out.resolve("runs")), suite + " started a run");
            }
        } finally {
            if (before == null) {
                System.clearProperty("xmc.data");
            } else {
                System.setProperty("xmc.data", before);
            }
        }
    }

    @Test
    void aSuiteThatRequiresAGpuStopsBeforeAnyRunWithoutOne() throws IOException {
        assumeTrue(Provenance.gpu() == null, "this machine has a GPU");
        for (String suite : PAPER_SUITES) {
            Suite s = Suite.load(suiteFile(suite));
            assertEquals(List.of("gpu"), s.requires(), suite);
        }
        // The same check on data that is here (bundled), so only the GPU is missing.
        Path f = tmp.resolve("gpu.yaml");
        Files.writeString(f, "name: needs-gpu\ndatasets: [debian-tags]\nrequires: [gpu]\nmethods: [prior]\n");
        Path out = tmp.resolve("out-gpu");
        CliTest.Result r = CliTest.run("run", "--suite", f.toString(), "--out", out.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("suite 'needs-gpu' requires a GPU and none was found"), r.err());
        assertFalse(Files.exists(out.resolve("runs")));
    }

    /** Records every run and ensemble of the suite would write, each with {@link #PLANTED} for every metric. */
    private static Set<String> plant(Suite s, Path results) throws IOException {
        Set<String> methods = new HashSet<>();
        RunLauncher layout = new RunLauncher(results, Duration.ZERO, "1g");
        for (RunSpec spec : s.expand(Map.of())) {
            List<String> queryKeys = spec.querySettings().stream().map(RunSpec::queryKey).toList();
            write(layout.runDir(spec), spec, queryKeys, null);
            methods.add(spec.method());
        }
        for (Suite.EnsembleEntry e : s.ensemblesOrEmpty()) {
            for (String d : e.datasets() == null ? s.datasets() : e.datasets()) {
                RunSpec spec = new RunSpec(e.name(), d, Map.of("rule", e.rule()), List.of(Map.of()), 0, 10, 0, null,
                        Map.of());
                write(layout.runDir(spec), spec, List.of("default"), e.rule());
                methods.add(e.name());
            }
        }
        return methods;
    }

    private static void write(Path dir, RunSpec spec, List<String> queryKeys, String ensembleRule)
            throws IOException {
        Map<String, Object> pyxclib = new LinkedHashMap<>();
        Map<String, Object> pecos = new LinkedHashMap<>();
        for (int k : new int[] {1, 3, 5}) {
            pyxclib.put("P@" + k, PLANTED);
            pyxclib.put("nDCG@" + k, PLANTED);
            pyxclib.put("PSP@" + k, PLANTED);
        }
        for (int k : new int[] {10, 20, 100}) {
            pecos.put("R@" + k, PLANTED);
        }
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("status", "success");
        rec.put("dataset", spec.dataset());
        rec.put("method", spec.method());
        rec.put("config_hash", spec.configHash());
        rec.put("fit_params", spec.fitParams());
        rec.put("seed", spec.seed());
        rec.put("timings", Map.of("fit", Map.of("wall_s", 1.0)));
        rec.put("results", queryKeys.stream().map(q -> Map.of("query_key", q, "metrics",
                Map.of("pyxclib", pyxclib, "pecos", pecos))).toList());
        if (ensembleRule != null) {
            rec.put("ensemble", Map.of("rule", ensembleRule));
        }
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve(RunRecord.FILE).toFile(), rec);
    }

    @Test
    void runsPlantedUnderEachPaperSuitesNamesMeetEveryPublishedNumberOfIt() throws IOException {
        Path home = DataHome.home();
        Catalog catalog = Catalog.ofHome(home);
        Path onFile = home.resolve(ReportCommand.PUBLISHED_NUMBERS);
        List<ReportedNumbers.Published> published = ReportedNumbers.read(onFile);
        for (String name : PAPER_SUITES) {
            Suite s = Suite.load(suiteFile(name));
            Path results = tmp.resolve("anywhere/" + name);
            Set<String> methods = plant(s, results);

            CliTest.Result r = CliTest.run("report", "--results", results.toString());
            assertEquals(0, r.code(), r.err());
            String md = Files.readString(results.resolve("leaderboard.md"));
            assertTrue(md.contains("published numbers in " + onFile), md);

            var rows = org.xmcbench.cli.report.ResultsScanner.rows(results);
            List<ReportedComparison.Match> matches = ReportedComparison.compare(onFile, catalog, rows).matches();
            List<ReportedNumbers.Published> expected = published.stream().filter(p -> p.value() != null
                    && p.unit().startsWith("%") && methods.contains(p.methodId())
                    && s.datasets().contains(catalog.nameUsedBy(p.paper(), p.dataset()))).toList();
            assertFalse(expected.isEmpty(), name + ": no published number is about this suite");
            for (ReportedNumbers.Published p : expected) {
                List<ReportedComparison.Match> mine = matches.stream().filter(m -> m.published().equals(p)).toList();
                assertFalse(mine.isEmpty(), name + ": " + p + " met no run");
                mine.forEach(m -> assertEquals(100 * PLANTED, m.reproduced(), 1e-9));
                String line = "| " + (p.ensemble() ? "ensemble" : "single") + " | "
                        + String.format(java.util.Locale.ROOT, "%.2f", p.value()) + " | ";
                assertTrue(md.contains(p.dataset() + " | " + p.metric() + " " + line), name + ": " + p + "\n" + md);
            }
            assertTrue(matches.stream().allMatch(m -> expected.contains(m.published())),
                    name + ": a match no published number expects");
        }
    }

    @Test
    void eachPapersHeadlineNumberMeetsTheRightKindOfRun() throws IOException {
        Path results = tmp.resolve("headline");
        for (String name : PAPER_SUITES) {
            plant(Suite.load(suiteFile(name)), results);
        }
        Path home = DataHome.home();
        var matches = ReportedComparison.compare(home.resolve(ReportCommand.PUBLISHED_NUMBERS), Catalog.ofHome(home),
                org.xmcbench.cli.report.ResultsScanner.rows(results)).matches();
        record Headline(String dataset, String metric, double value, boolean ensemble, String run) {}
        for (Headline h : List.of(
                new Headline("pecos-amazon-670k", "P@1", 50.11, true, "xr-transformer-ensemble"),
                new Headline("pecos-wiki-500k", "P@1", 79.40, true, "xr-transformer-ensemble"),
                new Headline("pecos-amazon-3m", "P@1", 54.20, true, "xr-transformer-ensemble"),
                // The sources do not say whether these are ELIAS or ELIAS++: both query settings of the fit meet them.
                new Headline("pecos-amazon-670k", "P@1", 48.68, false, "elias [rerank=false]"),
                new Headline("pecos-amazon-670k", "P@1", 48.68, false, "elias [rerank=true]"),
                new Headline("LF-AmazonTitles-131K", "P@1", 40.13, false, "elias [rerank=false]"),
                new Headline("LF-AmazonTitles-131K", "P@1", 40.13, false, "elias [rerank=true]"),
                new Headline("LF-AmazonTitles-131K", "P@1", 45.26, false, "prime"))) {
            List<ReportedComparison.Match> m = matches.stream().filter(x -> x.dataset().equals(h.dataset())
                    && x.published().metric().equals(h.metric()) && x.published().value() == h.value()
                    && (x.run().startsWith(h.run() + " {") || x.run().equals(h.run()))).toList();
            assertEquals(1, m.size(), h + ": " + m);
            assertEquals(h.ensemble(), m.get(0).published().ensemble(), h.toString());
        }
        // The XC Repository's own XR-Transformer runs (on its data, not AttentionXML's) are not this suite's to meet.
        assertTrue(matches.stream().noneMatch(x -> x.published().paper().startsWith("XMLRepository")));
        assertNotEquals(0, matches.size());
    }
}
