package org.xmcbench.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite bar's time left: runs weighed by what they are expected to take, corrected by what they took. */
class SuiteEtaTest {
    private static final double NONE = Double.NaN;

    private static long left(SuiteEta eta) {
        return eta.remaining().orElseThrow().toSeconds();
    }

    @Test
    void runsAreWeighedByTheirRecordsNotCounted() {
        SuiteEta eta = new SuiteEta(new double[] {1, 1, 600}, null);
        assertEquals(602, left(eta), "a 10-minute run is not one third of the suite");
        eta.started(0);
        eta.finished(0, 1);
        eta.started(1);
        eta.finished(1, 1);
        assertEquals(600, left(eta), 1);
    }

    @Test
    void aMachineSlowerThanTheRecordsScalesWhatIsLeft() {
        SuiteEta eta = new SuiteEta(new double[] {100, 100, 100}, null);
        eta.started(0);
        eta.finished(0, 200);
        assertEquals(400, left(eta), 1, "twice as slow as recorded: the two runs left take 200 s each");
        SuiteEta wild = new SuiteEta(new double[] {1, 100}, null);
        wild.started(0);
        wild.finished(0, 60);
        assertEquals(400, left(wild), 1, "the correction is clamped to 4x");
    }

    @Test
    void withoutRecordsTheSuitesHintIsSharedAndWithoutEitherNothingIsGuessed() {
        assertEquals(Optional.empty(), new SuiteEta(new double[] {NONE, NONE}, null).remaining());
        SuiteEta hinted = new SuiteEta(new double[] {NONE, NONE, 60}, 600.0);
        assertEquals(600, left(hinted), "the 540 s the record does not cover, shared by the two unknown runs");
        SuiteEta learning = new SuiteEta(new double[] {NONE, NONE, NONE}, null);
        learning.started(0);
        learning.finished(0, 30);
        assertEquals(60, left(learning), "the unknown runs left take what the finished ones took on average");
    }

    @Test
    void skippedRunsTakeNoTime() {
        SuiteEta eta = new SuiteEta(new double[] {NONE, NONE, NONE}, 300.0);
        eta.started(0);
        eta.skipped(0);
        assertEquals(200, left(eta), "a run found done takes none of the suite's time");
        eta.started(1);
        eta.finished(1, 100);
        assertEquals(100, left(eta), 1, "and says nothing about this machine's speed");
    }

    @Test
    void theRunningRunCountsWhatItHasLeft() throws InterruptedException {
        SuiteEta eta = new SuiteEta(new double[] {3}, null);
        eta.started(0);
        Thread.sleep(1200);
        long left = left(eta);
        assertTrue(left <= 2, "3 s expected, more than 1 s gone: " + left);
    }

    @Test
    void aRecordSaysWhatItsRunTookOrThatItWillBeSkipped(@TempDir Path dir) throws Exception {
        assertTrue(Double.isNaN(SuiteEta.fromRecord(dir, false)), "no record: nothing to go by");
        Files.writeString(dir.resolve(RunRecord.FILE), "{\"status\": \"failed\", \"started_at\": "
                + "\"2026-12-03T10:00:00Z\", \"finished_at\": \"2026-12-03T10:02:30Z\"}");
        assertEquals(150, SuiteEta.fromRecord(dir, false), 1e-9);
        Files.writeString(dir.resolve(RunRecord.FILE), "{\"status\": \"success\", \"started_at\": "
                + "\"2026-12-03T10:00:00Z\", \"finished_at\": \"2026-12-03T10:00:40Z\"}");
        assertEquals(0, SuiteEta.fromRecord(dir, false), "done: skipped");
        assertEquals(40, SuiteEta.fromRecord(dir, true), 1e-9, "forced: it runs again");
    }
}
