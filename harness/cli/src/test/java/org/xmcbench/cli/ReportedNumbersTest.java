package org.xmcbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xmc report --reported FILE}: a file of published numbers other than the checkout's, its format enforced
 * (the columns, {@code model} single or ensemble), and a configuration run over several seeds shown as mean ± std.
 */
class ReportedNumbersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = "paper,table,page,method,dataset,metric,value,unit,model,method_id,variant,"
            + "source\n";

    @TempDir
    Path tmp;

    /** A successful run of the label prior on debian-tags with the given seed and P@1. */
    private void plant(Path results, long seed, double p1) throws IOException {
        Path dir = Files.createDirectories(results.resolve("runs/debian-tags/prior/seed" + seed + "0000000000"));
        JSON.writeValue(dir.resolve("run.json").toFile(), Map.of("status", "success", "dataset", "debian-tags",
                "method", "prior", "config_hash", "seed" + seed + "0000000000", "fit_params", Map.of("alpha", "1"),
                "seed", seed, "timings", Map.of(), "results", List.of(Map.of("query_key", "default", "metrics",
                        Map.of("pyxclib", Map.of("P@1", p1))))));
    }

    @Test
    void aFileGivenWithReportedIsReadAndSeedsGiveMeanAndDeviation() throws IOException {
        Path results = tmp.resolve("results");
        plant(results, 0, 0.40);
        plant(results, 1, 0.44);
        Path file = tmp.resolve("mine.csv");
        Files.writeString(file, HEADER
                + "A paper,Table 3,7,Prior,debian-tags,P@1,41.00,%,single,prior,alpha=1,my notes\n"
                + "A paper,Table 3,7,Prior (2 models),debian-tags,P@1,45.00,%,ensemble,prior,,my notes\n"
                + "A paper,Table 3,7,Prior,debian-tags,P@1,50.00,%,single,prior,alpha=2,my notes\n"
                + "B paper,Table 1,2,The prior,debian-tags,P@1,30.00,%,single,prior,,other notes\n");
        CliTest.Result r = CliTest.run("report", "--results", results.toString(), "--reported", file.toString());
        assertEquals(0, r.code(), r.err());
        String md = Files.readString(results.resolve("leaderboard.md"));
        assertTrue(md.contains("2 of the 4 published numbers in " + file), md);
        assertTrue(md.contains("| A paper | Table 3, p. 7 | Prior | debian-tags | P@1 | single | 41.00 | prior "
                + "{alpha=1} | debian-tags | 42.00 ± 2.83 | 2 | +1.00 | yes | my notes |"), md);
        // Each paper in its own layout: a row per method and run of ours, a column per dataset and metric.
        assertTrue(md.contains("### A paper\n\npublished / ours (difference), ✗ outside the tolerance\n\n"
                + "| method — our run | debian-tags P@1 |\n|---|---|\n"
                + "| Prior (single) — ours: prior {alpha=1} on debian-tags | 41.00 / 42.00 ± 2.83 (+1.00) |\n"), md);
        assertTrue(md.contains("| The prior (single) — ours: prior {alpha=1} on debian-tags | 30.00 / 42.00 ± 2.83 "
                + "(+12.00) ✗ |"), md);
        assertTrue(Files.readString(results.resolve("leaderboard.html")).contains("<h3>B paper</h3>"));
    }

    @Test
    void aMalformedFileIsRefusedNamingWhere() throws IOException {
        Path results = tmp.resolve("results");
        plant(results, 0, 0.40);
        Path file = tmp.resolve("bad.csv");
        Files.writeString(file, HEADER + "A paper,,,Prior,debian-tags,P@1,41.00,%,ensembles,prior,,notes\n");
        CliTest.Result r = CliTest.run("report", "--results", results.toString(), "--reported", file.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(file + ": line 2: model must be 'single' or 'ensemble'"), r.err());

        Files.writeString(file, "paper,method,dataset,metric,value,unit,source\n");
        r = CliTest.run("report", "--results", results.toString(), "--reported", file.toString());
        assertTrue(r.err().contains("missing columns [table, page, model, method_id, variant]"), r.err());

        Path none = tmp.resolve("none.csv");
        r = CliTest.run("report", "--results", results.toString(), "--reported", none.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("--reported " + none + " is not a file"), r.err());
    }
}
