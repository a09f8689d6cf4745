package org.xmcbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI's contract: exit codes 0 / 1 / 2, --help everywhere, and the evaluate JSON keys. */
class CliTest {
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cl = Main.commandLine();
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(oldOut);
        }
    }

    /** As {@link #run}, with what a command prints to System.err (notes, progress) kept off the test's output. */
    static Result runWithoutNotes(String... args) {
        PrintStream oldErr = System.err;
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            return run(args);
        } finally {
            System.setErr(oldErr);
        }
    }

    @Test
    void helpOnEverySubcommand() {
        for (String[] args : new String[][] {{"--help"}, {"datasets", "--help"}, {"datasets", "list", "--help"},
            {"datasets", "fetch", "--help"}, {"datasets", "stats", "--help"}, {"datasets", "convert", "--help"},
            {"datasets", "generate", "--help"}, {"datasets", "memorise", "--help"}, {"datasets", "sample", "--help"}, {"evaluate", "--help"},
            {"run", "--help"}, {"report", "--help"},
            {"check", "--help"}, {"ensemble", "--help"}, {"datasets", "verify", "--help"}, {"engines", "--help"},
            {"methods", "--help"}}) {
            Result r = run(args);
            assertEquals(0, r.code(), String.join(" ", args));
            assertTrue(r.out().contains("Usage:"), String.join(" ", args));
        }
    }

    @Test
    void usageErrorsExitWith2() {
        assertEquals(2, run("evaluate").code());
        assertEquals(2, run("no-such-command").code());
        assertEquals(2, run("evaluate", "--truth", "a", "--pred", "b", "--dialect", "nope").code());
        assertEquals(2, run().code());
    }

    /** A usage error is its message and one line pointing at --help, not the whole help burying the message. */
    @Test
    void aUsageErrorIsItsMessageAndAPointerToHelp() {
        Result r = run("run", "--methd", "prior");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().startsWith("xmc: Unknown options: '--methd'"), r.err());
        assertTrue(r.err().contains("--method"), "picocli's suggestion stays: " + r.err());
        assertTrue(r.err().strip().endsWith("See 'xmc run --help' for usage."), r.err());
        assertTrue(!r.err().contains("Usage:") && r.err().lines().count() <= 4, r.err());
        Result bare = run();
        assertEquals("xmc: a subcommand is required\nSee 'xmc --help' for usage.\n", bare.err().replace("\r", ""));
        Result nested = run("datasets", "stats");
        assertEquals(ExitCodes.USAGE, nested.code());
        assertTrue(nested.err().contains("See 'xmc datasets stats --help'") && !nested.err().contains("Usage:"),
                nested.err());
    }

    /** Every command's help ends with the one exit-code table, whose codes are the ones the commands use. */
    @Test
    void everyHelpListsTheExitCodes() {
        for (String[] args : new String[][] {{"--help"}, {"run", "--help"}, {"check", "--help"},
            {"datasets", "fetch", "--help"}, {"methods", "--help"}}) {
            String help = run(args).out();
            int table = help.indexOf("Exit codes:");
            assertTrue(table >= 0, String.join(" ", args) + ": " + help);
            for (int code : new int[] {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE, ExitCodes.BLIND}) {
                assertTrue(help.substring(table).lines().anyMatch(l -> l.trim().startsWith(code + " ")),
                        code + " missing in " + String.join(" ", args));
            }
        }
        assertEquals(3, ExitCodes.BLIND, "the code the fail-closed tests and the README document");
        assertEquals(ExitCodes.BLIND, org.xmcbench.cli.report.UnreadableResultsException.EXIT_CODE);
    }

    /** A mistyped dataset is a usage error with the nearest name in every command that takes one. */
    @Test
    void anUnknownDatasetExits2EverywhereWithASuggestion(@TempDir Path tmp) {
        for (String[] args : new String[][] {{"datasets", "fetch", "debian-tagz"}, {"datasets", "verify",
            "debian-tags", "debian-tagz"}, {"datasets", "stats", "debian-tagz"},
            {"datasets", "convert", "debian-tagz", "--to", "xc", "--out", tmp.resolve("c").toString()},
            {"datasets", "memorise", "debian-tagz", "--rows", "3", "--out", tmp.resolve("m").toString()},
            {"run", "--method", "prior", "--dataset", "debian-tagz", "--out", tmp.resolve("r").toString()}}) {
            Result r = run(args);
            assertEquals(ExitCodes.USAGE, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains("unknown dataset 'debian-tagz'") && r.err().contains("did you mean "
                    + "'debian-tags'"), String.join(" ", args) + ": " + r.err());
            assertTrue(r.out().isEmpty(), "nothing done before the check: " + r.out());
        }
        try (java.util.stream.Stream<Path> left = Files.list(tmp)) {
            assertEquals(0, left.count(), "nothing written");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void badInputExitsWith1AndNamesTheFile(@TempDir Path tmp) throws Exception {
        Path truth = tmp.resolve("truth.txt");
        Files.writeString(truth, "2 3\n0:1\n1:1 0:1\n");
        Path pred = tmp.resolve("pred.txt");
        Files.writeString(pred, "2 3\n0:0.5\n1:0.2\n");
        Result r = run("evaluate", "--truth", truth.toString(), "--pred", pred.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(truth.toString()) && r.err().contains("line 3")
                && r.err().contains("ascending"), r.err());
    }

    @Test
    void evaluateJsonHasTheDocumentedKeys() throws Exception {
        Path dir = GoldenMetricsTest.fixture("tiny");
        Result r = run("evaluate", "--truth", dir.resolve("tst_X_Y.txt").toString(), "--pred",
                dir.resolve("pred.txt").toString(), "--train-labels", dir.resolve("trn_X_Y.txt").toString(),
                "--filter", dir.resolve("filter_labels_test.txt").toString(), "--json", "--precision", "0.9");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        for (String k : new String[] {"P@1", "P@5", "nDCG@5", "PSP@5", "PSnDCG@5", "R@5", "coverage@5",
            "coverage_at_precision@0.90", "dialect", "A", "B", "n_rows"}) {
            assertTrue(j.has(k), "missing " + k + " in " + r.out());
        }
        assertEquals("pyxclib", j.get("dialect").asText());
        assertEquals(0.55, j.get("A").asDouble());
        assertEquals(5, j.get("n_rows").asInt());
        assertEquals(0.4, j.get("P@1").asDouble(), 1e-12);
        Result table = run("evaluate", "--truth", dir.resolve("tst_X_Y.txt").toString(), "--pred",
                dir.resolve("pred.txt").toString(), "--dialect", "pecos");
        assertEquals(0, table.code());
        assertTrue(table.out().contains("dialect pecos") && table.out().contains("40.00"), table.out());
    }

    /** A mistyped method or dataset: a usage error naming the nearest known name; nothing starts or is written. */
    @Test
    void typosInRunAreUsageErrorsWithASuggestionAndStartNothing(@TempDir Path tmp) {
        Path out = tmp.resolve("results");
        Result r = run("run", "--method", "prior", "--dataset", "debian-tagz", "--out", out.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("unknown dataset 'debian-tagz'") && r.err().contains("did you mean 'debian-tags'"),
                r.err());
        r = run("run", "--method", "priro", "--dataset", "debian-tags", "--out", out.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("unknown method 'priro'") && r.err().contains("did you mean 'prior'"), r.err());
        r = run("run", "--method", "prior", "--dataset", "no-such-thing-at-all", "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(!r.err().contains("did you mean"), "nothing close, no suggestion: " + r.err());
        assertTrue(!Files.exists(out), "no run folder, no worker: " + out);
    }

    /** --json prints the record of every run, also of one skipped because it already succeeded. */
    @Test
    void jsonPrintsTheRecordOfASkippedRunToo(@TempDir Path tmp) throws Exception {
        String[] args = {"run", "--method", "prior", "--dataset", "debian-tags", "--out", tmp.toString(), "--json"};
        Result first = run(args);
        assertEquals(0, first.code(), first.err());
        Result again = run(args);
        assertEquals(0, again.code(), again.err());
        JsonNode a = new ObjectMapper().readTree(first.out().lines().filter(l -> l.startsWith("{")).findFirst()
                .orElseThrow());
        JsonNode b = new ObjectMapper().readTree(again.out().lines().filter(l -> l.startsWith("{")).findFirst()
                .orElseThrow(() -> new AssertionError("no JSON for the skipped run: " + again.out())));
        assertEquals("success", b.get("status").asText());
        assertEquals(a.get("config_hash"), b.get("config_hash"));
    }

    /** `xmc methods` lists every installed method; `xmc methods ID` shows each parameter's default and each preset. */
    @Test
    void methodsListsMethodsAndDescribesOne() {
        Result list = run("methods");
        assertEquals(0, list.code(), list.err());
        for (String id : org.xmcbench.cli.run.Methods.installed().keySet()) {
            assertTrue(list.out().lines().anyMatch(l -> l.startsWith(id + " ")), id + " missing: " + list.out());
        }
        assertTrue(list.out().contains("sparse-features") && list.out().contains("2022"), list.out());
        org.xmcbench.core.api.MethodStrategy m = org.xmcbench.cli.run.Methods.get("xr-transformer");
        assertTrue(!m.presets().isEmpty() && !m.queryParams().params().isEmpty(), "the method tested has all parts");
        Result one = run("methods", "xr-transformer");
        assertEquals(0, one.code(), one.err());
        for (org.xmcbench.core.api.ParamSpec spec : java.util.List.of(m.fitParams(), m.queryParams())) {
            for (org.xmcbench.core.api.ParamSpec.Param p : spec.params().values()) {
                assertTrue(one.out().lines().anyMatch(l -> l.matches("\\s+" + java.util.regex.Pattern.quote(p.name())
                        + "\\s+" + p.type().name().toLowerCase() + "\\s+" + java.util.regex.Pattern.quote(p.defaultValue())
                        + "\\s+.*")), p + " not listed with its type and default: " + one.out());
            }
        }
        m.presets().forEach((name, values) -> values.forEach((k, v) -> assertTrue(one.out().lines().anyMatch(
                l -> l.startsWith("  " + name + ": ") && l.contains(k + "=" + v)), name + " lacks " + k + "=" + v)));
        Result typo = run("methods", "xr-linaer");
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("unknown method 'xr-linaer'") && typo.err().contains("did you mean 'xr-linear'"),
                typo.err());
    }

    /**
     * A single run shows, on stderr while it runs, the worker's stages and the method's phases in order, and ends
     * with its headline metrics on stdout: the numbers of its run.json.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aSingleRunStreamsItsStagesAndEndsWithItsMetrics(@TempDir Path tmp) throws Exception {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream live = new ByteArrayOutputStream();
        Result r;
        try {
            System.setErr(new PrintStream(live, true, StandardCharsets.UTF_8));
            r = run("run", "--method", "prior", "--dataset", "debian-tags", "--out", tmp.toString());
        } finally {
            System.setErr(oldErr);
        }
        assertEquals(0, r.code(), r.out() + r.err());
        String shown = live.toString(StandardCharsets.UTF_8);
        int fit = shown.indexOf("[stage] fit");
        int phase = shown.indexOf("[phase] count");
        int done = shown.indexOf("[stage] done");
        assertTrue(fit >= 0 && fit < phase && phase < done, "stages and phases in order: " + shown);
        java.util.Map<String, Object> rec = org.xmcbench.cli.run.RunRecord.read(
                org.xmcbench.cli.report.ResultsScanner.runDirs(tmp).get(0));
        java.util.Map<String, Object> result = ((java.util.List<java.util.Map<String, Object>>) rec.get("results"))
                .get(0);
        java.util.Map<String, Object> metrics = (java.util.Map<String, Object>) result.get("metrics");
        java.util.Map<String, Object> py = (java.util.Map<String, Object>) metrics.get("pyxclib");
        java.util.Map<String, Object> pe = (java.util.Map<String, Object>) metrics.get("pecos");
        Object fitSeconds = ((java.util.Map<String, Object>) ((java.util.Map<String, Object>) rec.get("timings"))
                .get("fit")).get("wall_s");
        Object predictSeconds = ((java.util.Map<String, Object>) result.get("predict")).get("wall_s");
        String[] header = r.out().lines().filter(l -> l.startsWith("query ")).findFirst()
                .orElseThrow(() -> new AssertionError("no headline: " + r.out())).trim().split("\\s+");
        String[] row = r.out().lines().filter(l -> l.startsWith("default ")).findFirst().orElseThrow().trim()
                .split("\\s+");
        assertEquals(java.util.List.of("query", "P@1", "P@3", "P@5", "PSP@5", "R@10", "coverage@5", "fit", "s",
                "predict", "s"), java.util.List.of(header));
        Object[] expected = {py.get("P@1"), py.get("P@3"), py.get("P@5"), py.get("PSP@5"), pe.get("R@10"),
            py.get("coverage@5")};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(String.format(java.util.Locale.ROOT, "%.2f", 100 * ((Number) expected[i]).doubleValue()),
                    row[i + 1], header[i + 1]);
        }
        assertEquals(String.format(java.util.Locale.ROOT, "%.1f", ((Number) fitSeconds).doubleValue()), row[7]);
        assertEquals(String.format(java.util.Locale.ROOT, "%.1f", ((Number) predictSeconds).doubleValue()), row[8]);
    }

    @Test
    void suggestionsAreTheNearestNameWithinATypo() {
        assertEquals(" (did you mean 'LF-debian-deps'?)",
                Suggestions.didYouMean("lf-debian-dep", java.util.List.of("debian-tags", "LF-debian-deps")));
        assertEquals("", Suggestions.didYouMean("eurlex", java.util.List.of("debian-tags", "LF-debian-deps")));
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
        assertEquals(1, Suggestions.distance("priro", "prior"));
    }

    /**
     * Predictions written best score first (PECOS's sorted_csr, most tools) score exactly as the same predictions in
     * column order, as text and as .npz; a duplicated or out-of-range column is still refused, and a label file
     * (--truth) stays strict.
     */
    @Test
    void predictionsInScoreOrderScoreAsInColumnOrder(@TempDir Path tmp) throws Exception {
        Path dir = GoldenMetricsTest.fixture("tiny");
        Path truth = dir.resolve("tst_X_Y.txt");
        org.xmcbench.core.data.CsrMatrix p = org.xmcbench.datasets.io.XcSparseText.read(dir.resolve("pred.txt"));
        // Each row best score first: the order a ranker writes.
        long[] indptr = p.indptr().clone();
        int[] idx = new int[(int) p.nnz()];
        float[] val = new float[idx.length];
        for (int r = 0; r < p.rows(); r++) {
            java.util.List<Long> row = new java.util.ArrayList<>();
            for (long q = p.rowStart(r); q < p.rowEnd(r); q++) {
                row.add(q);
            }
            row.sort((a, b) -> Float.compare(p.value(b), p.value(a)));
            for (int i = 0; i < row.size(); i++) {
                idx[(int) p.rowStart(r) + i] = p.index(row.get(i));
                val[(int) p.rowStart(r) + i] = p.value(row.get(i));
            }
        }
        org.xmcbench.core.data.CsrMatrix scoreOrdered = new org.xmcbench.core.data.CsrMatrix(p.rows(), p.cols(),
                indptr, org.xmcbench.core.data.BigIntArray.wrap(idx), org.xmcbench.core.data.BigFloatArray.wrap(val));
        assertTrue(scoreOrdered.checkInvariants() != null, "the fixture really has rows out of column order");
        Path npz = tmp.resolve("scored.npz");
        org.xmcbench.datasets.io.Npz.write(scoreOrdered, npz, true);
        Path txt = tmp.resolve("scored.txt");
        try (java.io.OutputStream o = Files.newOutputStream(txt)) {
            org.xmcbench.datasets.io.XcSparseText.write(scoreOrdered, o);
        }
        Result reference = run("evaluate", "--truth", truth.toString(), "--pred", dir.resolve("pred.txt").toString(),
                "--json");
        assertEquals(0, reference.code(), reference.err());
        for (Path f : new Path[] {npz, txt}) {
            Result r = run("evaluate", "--truth", truth.toString(), "--pred", f.toString(), "--json");
            assertEquals(0, r.code(), f + ": " + r.err());
            assertEquals(new ObjectMapper().readTree(reference.out()), new ObjectMapper().readTree(r.out()),
                    f.toString());
        }
        Path dup = tmp.resolve("dup.txt");
        Files.writeString(dup, "1 8\n3:0.5 1:0.4 3:0.2\n");
        Path oneRowTruth = tmp.resolve("truth1.txt");
        Files.writeString(oneRowTruth, "1 8\n1:1\n");
        Result r = run("evaluate", "--truth", oneRowTruth.toString(), "--pred", dup.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(dup.toString()) && r.err().contains("line 2")
                && r.err().contains("column 3 appears twice"), r.err());
        Path unsortedTruth = tmp.resolve("truth-unsorted.txt");
        Files.writeString(unsortedTruth, "1 8\n3:1 1:1\n");
        r = run("evaluate", "--truth", unsortedTruth.toString(), "--pred", dir.resolve("pred.txt").toString());
        assertEquals(1, r.code(), "label files stay strict");
        assertTrue(r.err().contains("ascending"), r.err());
    }
}
