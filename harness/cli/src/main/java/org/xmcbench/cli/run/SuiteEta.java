package org.xmcbench.cli.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The time a suite has left, for its progress bar. A suite's runs differ by orders of magnitude (a label prior in a
 * second, a neural method in twenty minutes), so counting runs says little: each run is weighed by what it is
 * expected to take. A run whose configuration already has a record is expected to take what that record took (0
 * when it will be skipped as done); the others share the suite's own {@code expected_minutes} (measured on the
 * machine kind it names) or, without one, the mean of the unknown runs finished so far. As runs finish, the
 * estimates are scaled by how this machine compares with them (actual over expected, clamped to 1/4..4).
 */
public final class SuiteEta {
    private static final double MIN_SCALE = 0.25;
    private static final double MAX_SCALE = 4;

    private final double[] known;     // seconds a run is expected to take, NaN when nothing says
    private final double[] actual;    // seconds a finished run took, NaN while it has not finished
    private final boolean[] skipped;  // not run after all: takes no time, says nothing about this machine
    private final Double expectedTotal;
    private int current = -1;
    private Instant currentStart;

    /**
     * @param known per run, its expected seconds or NaN
     * @param expectedTotalSeconds the whole suite's expected seconds, or null
     */
    public SuiteEta(double[] known, Double expectedTotalSeconds) {
        this.known = known.clone();
        this.actual = new double[known.length];
        this.skipped = new boolean[known.length];
        java.util.Arrays.fill(actual, Double.NaN);
        this.expectedTotal = expectedTotalSeconds;
    }

    /**
     * What a run is expected to take from its own folder: 0 when it will be skipped (a successful record, no
     * --force), the wall time of the record there otherwise, NaN without a readable record.
     */
    public static double fromRecord(java.nio.file.Path dir, boolean force) {
        try {
            if (!force && "success".equals(RunRecord.status(dir))) {
                return 0;
            }
            Map<String, Object> r = RunRecord.read(dir);
            Instant start = Instant.parse(String.valueOf(r.get("started_at")));
            Instant end = Instant.parse(String.valueOf(r.get("finished_at")));
            double s = Duration.between(start, end).toMillis() / 1000.0;
            return s > 0 ? s : Double.NaN;
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN; // no record, or one without times: nothing to go by
        }
    }

    public synchronized void started(int run) {
        current = run;
        currentStart = Instant.now();
    }

    /** A run not started after all (done already, or running elsewhere): it takes no time here. */
    public synchronized void skipped(int run) {
        skipped[run] = true;
        actual[run] = 0;
        current = -1;
    }

    public synchronized void finished(int run, double wallSeconds) {
        actual[run] = wallSeconds;
        current = -1;
    }

    /** The time left, or empty while nothing allows a guess. */
    public synchronized Optional<Duration> remaining() {
        Optional<double[]> expected = expected();
        if (expected.isEmpty()) {
            return Optional.empty();
        }
        double[] e = expected.get();
        double scale = scale(e);
        double left = 0;
        for (int i = 0; i < e.length; i++) {
            if (!Double.isNaN(actual[i])) {
                continue;
            }
            if (i == current) {
                double elapsed = Duration.between(currentStart, Instant.now()).toMillis() / 1000.0;
                left += Math.max(0, scale * e[i] - elapsed);
            } else {
                left += scale * e[i];
            }
        }
        return Optional.of(Duration.ofSeconds(Math.round(left)));
    }

    /** Each run's expected seconds, the unknown ones given their share; empty when that share cannot be told. */
    private Optional<double[]> expected() {
        double knownSum = 0;
        int unknown = 0;
        double unknownFinished = 0;
        int unknownFinishedCount = 0;
        for (int i = 0; i < known.length; i++) {
            if (Double.isNaN(known[i])) {
                unknown++;
                if (!Double.isNaN(actual[i]) && !skipped[i]) {
                    unknownFinished += actual[i];
                    unknownFinishedCount++;
                }
            } else {
                knownSum += known[i];
            }
        }
        double share;
        if (unknown == 0) {
            share = 0;
        } else if (expectedTotal != null) {
            share = Math.max(0, expectedTotal - knownSum) / unknown;
        } else if (unknownFinishedCount > 0) {
            share = unknownFinished / unknownFinishedCount;
        } else {
            return Optional.empty();
        }
        double[] e = new double[known.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = Double.isNaN(known[i]) ? share : known[i];
        }
        return Optional.of(e);
    }

    /**
     * How much slower (above 1) or faster this machine runs than expected, from the runs finished so far whose
     * expectation came from a record or the suite's hint (without a hint, the unknown runs' share already is the
     * mean of what they took here).
     */
    private double scale(double[] e) {
        double expectedDone = 0;
        double actualDone = 0;
        for (int i = 0; i < e.length; i++) {
            boolean fromOutside = !Double.isNaN(known[i]) || expectedTotal != null;
            if (!Double.isNaN(actual[i]) && !skipped[i] && e[i] > 0 && fromOutside) {
                expectedDone += e[i];
                actualDone += actual[i];
            }
        }
        return expectedDone <= 0 ? 1 : Math.min(MAX_SCALE, Math.max(MIN_SCALE, actualDone / expectedDone));
    }
}
