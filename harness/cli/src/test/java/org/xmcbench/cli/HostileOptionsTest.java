package org.xmcbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Options a hostile or careless user gives are refused up front as usage errors (exit 2) naming the option,
 * before they allocate, run or print a NaN.
 */
class HostileOptionsTest {
    private static void assertUsageError(CliTest.Result r, String... mentions) {
        assertEquals(2, r.code(), r.err() + r.out());
        for (String m : mentions) {
            assertTrue(r.err().contains(m), "no '" + m + "' in: " + r.err());
        }
    }

    private static String[] evaluate(String... extra) throws Exception {
        Path dir = GoldenMetricsTest.fixture("tiny");
        List<String> args = new java.util.ArrayList<>(List.of("evaluate", "--truth",
                dir.resolve("tst_X_Y.txt").toString(), "--pred", dir.resolve("pred.txt").toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void propensityParametersMustBeFiniteAndPositive() throws Exception {
        String trn = GoldenMetricsTest.fixture("tiny").resolve("trn_X_Y.txt").toString();
        assertUsageError(CliTest.run(evaluate("--train-labels", trn, "--A", "NaN")), "--A", "NaN");
        assertUsageError(CliTest.run(evaluate("--train-labels", trn, "--B", "-1")), "--B", "-1");
        assertUsageError(CliTest.run(evaluate("--train-labels", trn, "--A", "Infinity")), "--A");
        CliTest.Result ok = CliTest.run(evaluate("--train-labels", trn, "--A", "0.6", "--B", "2"));
        assertEquals(0, ok.code(), ok.err());
        assertFalse(ok.out().contains("NaN"), ok.out());
    }

    @Test
    void aHugeKIsRefusedAtOnceAndKIsHeldToTheLabelCount() throws Exception {
        long t0 = System.nanoTime();
        assertUsageError(CliTest.run(evaluate("--k", "2000000000")), "--k", "2000000000", "1000");
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "took " + (System.nanoTime() - t0) / 1e9 + " s");
        assertUsageError(CliTest.run(evaluate("--k", "0")), "--k");
        assertUsageError(CliTest.run(evaluate("--k", "9")), "--k 9", "8 labels");
        assertEquals(0, CliTest.run(evaluate("--k", "8")).code());
    }

    @Test
    void trainLabelsOfAnotherLabelSpaceAreRefusedNamingBothCounts(@TempDir Path tmp) throws Exception {
        Path trn = tmp.resolve("trn.txt");
        Files.writeString(trn, "2 5\n0:1\n4:1\n");
        assertUsageError(CliTest.run(evaluate("--train-labels", trn.toString())), trn.toString(), "5 labels",
                "8");
    }

    @Test
    void runOptionsAreCheckedBeforeAnythingRuns(@TempDir Path tmp) {
        String out = tmp.resolve("results").toString();
        String[] base = {"run", "--method", "prior", "--dataset", tmp.resolve("none").toString(), "--out", out};
        for (String[] bad : new String[][] {{"--memory", "4x"}, {"--memory", "1k"}, {"--memory", "31m"},
            {"--memory", "99999999999999t"}, {"--timeout", "0s"}, {"--timeout", "-5m"}, {"--timeout", "soon"},
            {"--k", "2000000000"}, {"--k", "0"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(bad))
                    .toArray(String[]::new);
            assertUsageError(CliTest.run(args), bad[0]);
        }
        assertUsageError(CliTest.run(java.util.stream.Stream.concat(java.util.Arrays.stream(base),
                java.util.stream.Stream.of("--memory", "1k")).toArray(String[]::new)), "minimum heap of 32m");
        assertFalse(Files.exists(tmp.resolve("results")), "a refused run must leave no results folder");
    }

    @Test
    void slurmFieldsWithANewlineAreRefusedNamingTheField(@TempDir Path tmp) {
        for (String field : List.of("--partition", "--account", "--qos")) {
            assertUsageError(CliTest.run("run", "--backend", "slurm", "--suite", tmp.resolve("s.yaml").toString(),
                    field, "gpu\nrm -rf ~"), field, "\\u000a", "#SBATCH");
        }
        assertUsageError(CliTest.run("run", "--backend", "slurm", "--suite", tmp.resolve("s.yaml").toString(),
                "--slurm-option", "--constraint=a100\nrm -rf ~"), "--slurm-option");
        assertUsageError(CliTest.run("run", "--backend", "slurm", "--suite", tmp.resolve("s.yaml").toString(),
                "--partition", "gpu --wrap=id"), "--partition");
    }
}
