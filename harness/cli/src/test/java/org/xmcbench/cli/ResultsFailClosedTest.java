package org.xmcbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.cli.report.ResultsScanner;
import org.xmcbench.cli.run.RunRecord;

/**
 * The gate and the report fail closed: {@code xmc check} never passes on what it could not read or compare (exit
 * 3, distinct from a regression's 1), {@code xmc report} refuses a folder with nothing to read and names every
 * damaged record it leaves out. The records are a real run's, then damaged the ways a disk, an editor or a killed
 * writer damages them.
 */
class ResultsFailClosedTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    /** A results folder holding one real, successful run of the label prior on the bundled debian-tags. */
    static Path base;

    @BeforeAll
    static void realRun() {
        base = tmp.resolve("base");
        CliTest.Result r = CliTest.run("run", "--method", "prior", "--dataset", "debian-tags", "--out",
                base.toString());
        assertEquals(0, r.code(), r.out() + r.err());
    }

    private static Path runDir(Path results) throws IOException {
        return ResultsScanner.runDirs(results).get(0);
    }

    /** A copy of the base results whose one record is edited as JSON. */
    private static Path candidate(String name, Consumer<ObjectNode> edit) throws IOException {
        Path c = copyOfBase(name);
        Path file = runDir(c).resolve(RunRecord.FILE);
        ObjectNode rec = (ObjectNode) JSON.readTree(file.toFile());
        edit.accept(rec);
        Files.writeString(file, JSON.writeValueAsString(rec));
        return c;
    }

    /** A copy of the base results whose one record's bytes are replaced. */
    private static Path candidateBytes(String name, String text) throws IOException {
        Path c = copyOfBase(name);
        Files.writeString(runDir(c).resolve(RunRecord.FILE), text);
        return c;
    }

    private static ObjectNode pyxclib(ObjectNode rec) {
        return (ObjectNode) rec.get("results").get(0).get("metrics").get("pyxclib");
    }

    private static CliTest.Result check(Path baseline, Path candidate) {
        return CliTest.run("check", "--baseline", baseline.toString(), "--candidate", candidate.toString());
    }

    @Test
    void identicalResultsPass() throws IOException {
        CliTest.Result r = check(base, copyOfBase("same"));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("0 regressions, 0 not comparable"), r.out());
    }

    @Test
    void checkRefusesMissingOrEmptyFolders() throws IOException {
        Path nowhere = tmp.resolve("nonexistent");
        CliTest.Result r = check(nowhere, base);
        assertEquals(3, r.code(), r.out());
        assertTrue(r.err().contains("baseline folder " + nowhere + " does not exist"), r.err());

        r = check(base, nowhere);
        assertEquals(3, r.code());
        assertTrue(r.err().contains("candidate folder " + nowhere + " does not exist"), r.err());
        assertFalse(Files.exists(nowhere), "a missing candidate folder must not be created for the JUnit file");

        Path empty = Files.createDirectories(tmp.resolve("empty-results/runs"));
        r = check(empty.getParent(), base);
        assertEquals(3, r.code());
        assertTrue(r.err().contains("holds no run records"), r.err());
        r = check(base, empty.getParent());
        assertEquals(3, r.code());
        assertTrue(Files.readString(empty.getParent().resolve("check-junit.xml")).contains("<error"),
                "the JUnit file of a gate that could not look shows an error");
    }

    @Test
    void checkRefusesNonFiniteAndMissingMetrics() throws IOException {
        CliTest.Result r = check(base, candidate("nan", rec -> pyxclib(rec).put("P@1", "NaN")));
        assertEquals(3, r.code(), r.out());
        assertTrue(r.out().contains("P@1 is not finite (NaN) in the candidate"), r.out());

        Path emptied = candidate("no-metrics", rec -> ((ObjectNode) rec.get("results").get(0)).putObject("metrics"));
        r = check(base, emptied);
        assertEquals(3, r.code(), r.out());
        assertTrue(r.out().contains("P@1 is missing in the candidate"), r.out());
        assertTrue(r.out().contains("coverage@5 is missing in the candidate"), r.out());
        assertTrue(Files.readString(emptied.resolve("check-junit.xml")).contains("<error"));

        r = check(candidate("inf-base", rec -> pyxclib(rec).put("P@5", "Infinity")), base);
        assertEquals(3, r.code(), r.out());
        assertTrue(r.out().contains("P@5 is not finite (Infinity) in the baseline"), r.out());
    }

    @Test
    void checkRefusesWhenNothingPairs() throws IOException {
        Path other = candidate("other-config", rec -> rec.put("config_hash", "0123456789abcdef0123456789abcdef"));
        CliTest.Result r = check(base, other);
        assertEquals(3, r.code(), r.out());
        assertTrue(r.err().contains("pairs with a successful run of baseline"), r.err());

        Path failedOnly = candidate("failed-only", rec -> rec.put("status", "failed"));
        r = check(failedOnly, base);
        assertEquals(3, r.code(), r.out());
        assertTrue(r.err().contains("has no successful run to compare against"), r.err());

        // A paired run that failed in the candidate is a regression the gate saw (1), not blindness (3).
        r = check(base, failedOnly);
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("candidate run failed"), r.out());
    }

    @Test
    void checkNamesTheDamagedRecordAndField() throws IOException {
        String good = Files.readString(runDir(base).resolve(RunRecord.FILE));
        record Damage(Path results, String expected) {}
        Damage[] cases = {
            new Damage(candidateBytes("truncated", good.substring(0, good.length() / 2)), "not valid JSON"),
            new Damage(candidateBytes("empty", ""), "empty file"),
            new Damage(candidateBytes("not-an-object", "[1, 2]"), "expected a JSON object, found an array"),
            new Damage(candidate("no-hash", rec -> rec.remove("config_hash")),
                    "field 'config_hash': expected a non-empty string, found nothing (the field is missing)"),
            new Damage(candidate("short-hash", rec -> rec.put("config_hash", "abc")),
                    "field 'config_hash': expected a hash of at least 12 characters, found 'abc'"),
            new Damage(candidate("null-timings", rec -> rec.putNull("timings")),
                    "field 'timings': expected an object, found null"),
            new Damage(candidate("status-number", rec -> rec.put("status", 5)),
                    "field 'status': expected a non-empty string, found the number 5"),
            new Damage(candidate("results-string", rec -> rec.put("results", "none")),
                    "field 'results': expected an array, found the string 'none'"),
            new Damage(candidate("metric-word", rec -> pyxclib(rec).put("P@3", "high")),
                    "field 'results[0].metrics.pyxclib.P@3': expected a number, found the string 'high'"),
            new Damage(candidate("seed-text", rec -> rec.put("seed", "zero")),
                    "field 'seed': expected an integer, found the string 'zero'"),
        };
        for (Damage d : cases) {
            Path file = runDir(d.results()).resolve(RunRecord.FILE);
            CliTest.Result r = check(base, d.results());
            assertEquals(3, r.code(), d.expected() + ": " + r.out() + r.err());
            assertTrue(r.err().contains(file.toString()) && r.err().contains(d.expected()),
                    "expected '" + d.expected() + "' naming " + file + ", got: " + r.err());
            r = check(d.results(), base);
            assertEquals(3, r.code(), "a damaged baseline is refused too: " + d.expected());
        }
    }

    @Test
    void reportRefusesAFolderWithNothingToRead() throws IOException {
        Path typo = tmp.resolve("typo");
        CliTest.Result r = CliTest.run("report", "--results", typo.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("results folder " + typo + " does not exist"), r.err());
        assertFalse(Files.exists(typo), "the report must not create the folder it was pointed at by mistake");

        Path empty = Files.createDirectories(tmp.resolve("report-empty"));
        r = CliTest.run("report", "--results", empty.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("holds no run records"), r.err());
        assertFalse(Files.exists(empty.resolve("leaderboard.md")), "no empty leaderboard is written");

        Path allDamaged = candidateBytes("report-all-damaged", "{\"status\": ");
        r = CliTest.run("report", "--results", allDamaged.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("holds no readable run record"), r.err());
    }

    @Test
    void reportLeavesOutADamagedRecordAndSaysWhich() throws IOException {
        Path results = copyOfBase("report-one-damaged");
        Path good = runDir(results);
        Path damagedDir = Files.createDirectories(good.getParent().resolve("ffffffffffff"));
        String rec = Files.readString(good.resolve(RunRecord.FILE));
        Files.writeString(damagedDir.resolve(RunRecord.FILE), rec.replace("\"timings\"", "\"timings\" : null, "
                + "\"was_timings\""));
        CliTest.Result r = CliTest.run("report", "--results", results.toString());
        assertEquals(0, r.code(), r.err());
        Path file = damagedDir.resolve(RunRecord.FILE);
        assertTrue(r.err().contains("warning: left out a damaged run record: " + file
                + ": field 'timings': expected an object, found null"), r.err());
        String md = Files.readString(results.resolve("leaderboard.md"));
        assertTrue(md.contains("1 damaged run record was left out") && md.contains(file.toString()), md);
        assertTrue(md.contains("| prior |"), "the readable run is still reported: " + md);
        assertTrue(Files.readString(results.resolve("leaderboard.html")).contains("left out of this report"));
    }

    @Test
    void readingADamagedRecordNamesItsFile() throws IOException {
        Path results = candidateBytes("read-damaged", "{\"status\": \"succ");
        Path dir = runDir(results);
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> RunRecord.read(dir));
        assertTrue(e.getMessage().contains(dir.resolve(RunRecord.FILE).toString()), e.getMessage());
        CliTest.Result r = CliTest.run("evaluate", "--run", dir.toString(), "--k", "3");
        assertEquals(1, r.code());
        assertTrue(r.err().contains(dir.resolve(RunRecord.FILE).toString()), r.err());
    }

    private static Path copyOfBase(String name) throws IOException {
        Path to = tmp.resolve(name);
        HarnessTest.copy(base, to);
        return to;
    }
}
