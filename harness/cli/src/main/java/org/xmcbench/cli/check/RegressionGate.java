package org.xmcbench.cli.check;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xmcbench.cli.report.LeaderboardRow;
import org.xmcbench.cli.report.ResultsScanner;
import org.xmcbench.cli.report.UnreadableResultsException;

/**
 * Compares two result sets run by run (matched on dataset, method, config hash and query setting): a metric that
 * drops by more than its tolerance, a time that grows by more than its tolerance, or a run that succeeded in the
 * baseline but not in the candidate (or is missing) is a regression. The gate fails closed: what it cannot read or
 * compare (no records, a damaged record, nothing paired, a missing or non-finite metric) is never a pass.
 */
public final class RegressionGate {
    /** Default tolerances: metrics are absolute drops in fraction units; times are relative growth. */
    public static final Map<String, Double> DEFAULTS = defaults();

    private static Map<String, Double> defaults() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String k : List.of("P@1", "P@3", "P@5", "nDCG@5", "PSP@1", "PSP@3", "PSP@5", "R@10", "coverage@5")) {
            m.put(k, 0.001);
        }
        m.put("fit_time", 0.25);
        m.put("p99_ms", 0.50);
        m.put("throughput", 0.25);
        return m;
    }

    /**
     * How one comparison ended. {@code NOT_COMPARABLE}: a value the gate needs is missing or not finite on either
     * side, so it could not look; that never counts as a pass.
     */
    public enum Verdict { PASS, REGRESSION, NOT_COMPARABLE }

    /** One comparison. */
    public record Check(String run, String what, Double baseline, Double candidate, double tolerance, Verdict verdict,
                        String message) {
        public boolean passed() {
            return verdict == Verdict.PASS;
        }
    }

    /**
     * Compares the candidate's runs with the baseline's.
     *
     * @throws UnreadableResultsException when the gate cannot look: a folder missing or without records, a damaged
     *     record on either side, no successful baseline run, or no candidate run paired with a baseline run
     */
    public static List<Check> compare(Path baseline, Path candidate, Map<String, Double> overrides)
            throws IOException {
        Map<String, Double> tol = new LinkedHashMap<>(DEFAULTS);
        for (String k : overrides.keySet()) {
            if (!tol.containsKey(k)) {
                throw new IllegalArgumentException("unknown tolerance '" + k + "' (known: " + tol.keySet() + ")");
            }
            double t = overrides.get(k);
            if (!Double.isFinite(t) || t < 0) {
                throw new IllegalArgumentException("tolerance " + k + "=" + t + ": must be a finite number >= 0");
            }
        }
        tol.putAll(overrides);
        ResultsScanner.Scan base = ResultsScanner.scan(baseline, "baseline");
        ResultsScanner.Scan cand = ResultsScanner.scan(candidate, "candidate");
        refuseDamaged(base, cand);
        Map<String, LeaderboardRow> byKey = new LinkedHashMap<>();
        Map<String, LeaderboardRow> byRun = new LinkedHashMap<>(); // a failed run has no query rows
        for (LeaderboardRow r : cand.rows()) {
            byKey.put(key(r), r);
            byRun.putIfAbsent(runKey(r), r);
        }
        List<LeaderboardRow> baseRuns = base.rows().stream().filter(r -> "success".equals(r.status())).toList();
        if (baseRuns.isEmpty()) {
            throw new UnreadableResultsException("baseline folder " + baseline + " has no successful run to compare "
                    + "against (" + base.records() + " records, none successful)");
        }
        if (baseRuns.stream().noneMatch(b -> byRun.containsKey(runKey(b)))) {
            throw new UnreadableResultsException("no run of candidate " + candidate + " pairs with a successful run "
                    + "of baseline " + baseline + " (paired on dataset/method/config hash): are they results "
                    + "of the same suite?");
        }
        List<Check> checks = new ArrayList<>();
        for (LeaderboardRow b : baseRuns) {
            String id = key(b);
            LeaderboardRow c = byKey.get(id);
            if (c == null || !"success".equals(c.status())) {
                LeaderboardRow run = c != null ? c : byRun.get(runKey(b));
                checks.add(new Check(id, "status", null, null, 0, Verdict.REGRESSION, run == null
                        ? "missing in the candidate" : !"success".equals(run.status()) ? "candidate run "
                        + run.status() + ": " + run.reason() : "query setting missing in the candidate run"));
                continue;
            }
            metric(checks, id, "P@1", b.p1(), c.p1(), tol);
            metric(checks, id, "P@3", b.p3(), c.p3(), tol);
            metric(checks, id, "P@5", b.p5(), c.p5(), tol);
            metric(checks, id, "nDCG@5", b.ndcg5(), c.ndcg5(), tol);
            metric(checks, id, "PSP@1", b.psp1(), c.psp1(), tol);
            metric(checks, id, "PSP@3", b.psp3(), c.psp3(), tol);
            metric(checks, id, "PSP@5", b.psp5(), c.psp5(), tol);
            metric(checks, id, "R@10", b.r10(), c.r10(), tol);
            metric(checks, id, "coverage@5", b.coverage5(), c.coverage5(), tol);
            growth(checks, id, "fit_time", b.fitSeconds(), c.fitSeconds(), tol);
            growth(checks, id, "p99_ms", b.p99Ms(), c.p99Ms(), tol);
            fall(checks, id, "throughput", b.throughputQps(), c.throughputQps(), tol);
        }
        return checks;
    }

    private static void refuseDamaged(ResultsScanner.Scan... scans) throws UnreadableResultsException {
        List<String> damaged = new ArrayList<>();
        for (ResultsScanner.Scan s : scans) {
            s.damaged().forEach(d -> damaged.add(d.getMessage()));
        }
        if (!damaged.isEmpty()) {
            throw new UnreadableResultsException("cannot gate on " + damaged.size() + " damaged run record"
                    + (damaged.size() == 1 ? "" : "s") + " (repair or remove them, or re-run those runs):\n  "
                    + String.join("\n  ", damaged));
        }
    }

    private static String key(LeaderboardRow r) {
        return runKey(r) + "/" + r.queryKey();
    }

    private static String runKey(LeaderboardRow r) {
        return r.dataset() + "/" + r.method() + "/" + r.configHash();
    }

    /** A quality metric: gated on both sides always, so a missing or non-finite value is never a pass. */
    private static void metric(List<Check> out, String id, String name, Double b, Double c, Map<String, Double> tol) {
        double t = tol.get(name);
        String blind = blind(name, b, c);
        if (blind != null) {
            out.add(new Check(id, name, b, c, t, Verdict.NOT_COMPARABLE, blind));
            return;
        }
        boolean ok = c >= b - t - 1e-12;
        out.add(new Check(id, name, b, c, t, ok ? Verdict.PASS : Verdict.REGRESSION, ok ? "" : String.format(
                Locale.ROOT, "%s dropped by %.4f (tolerance %.4f)", name, b - c, t)));
    }

    /** A time that may grow by a relative tolerance; gated when the baseline measured it. */
    private static void growth(List<Check> out, String id, String name, Double b, Double c, Map<String, Double> tol) {
        if (b == null || b == 0) {
            return; // not measured (an inference-only run has no fit), or too short to compare relatively
        }
        double t = tol.get(name);
        String blind = blind(name, b, c);
        if (blind != null || b < 0) {
            out.add(new Check(id, name, b, c, t, Verdict.NOT_COMPARABLE, blind != null ? blind
                    : name + " is negative in the baseline"));
            return;
        }
        boolean ok = c <= b * (1 + t);
        out.add(new Check(id, name, b, c, t, ok ? Verdict.PASS : Verdict.REGRESSION, ok ? "" : String.format(
                Locale.ROOT, "%s grew by %.0f%% (tolerance %.0f%%)", name, 100 * (c / b - 1), 100 * t)));
    }

    /** A rate that may fall by a relative tolerance; gated when the baseline measured it. */
    private static void fall(List<Check> out, String id, String name, Double b, Double c, Map<String, Double> tol) {
        if (b == null) {
            return;
        }
        double t = tol.get(name);
        String blind = blind(name, b, c);
        if (blind != null) {
            out.add(new Check(id, name, b, c, t, Verdict.NOT_COMPARABLE, blind));
            return;
        }
        boolean ok = c >= b * (1 - t);
        out.add(new Check(id, name, b, c, t, ok ? Verdict.PASS : Verdict.REGRESSION, ok ? "" : String.format(
                Locale.ROOT, "%s fell by %.0f%% (tolerance %.0f%%)", name, 100 * (1 - c / b), 100 * t)));
    }

    /** Why a pair of values cannot be compared, or null when both are finite numbers. */
    private static String blind(String name, Double b, Double c) {
        if (b == null || !Double.isFinite(b)) {
            return name + " is " + (b == null ? "missing" : "not finite (" + b + ")") + " in the baseline";
        }
        if (c == null || !Double.isFinite(c)) {
            return name + " is " + (c == null ? "missing" : "not finite (" + c + ")") + " in the candidate";
        }
        return null;
    }

    /** A Markdown summary: counts, then a table of the failures. */
    public static String markdown(List<Check> checks) {
        long failed = count(checks, Verdict.REGRESSION);
        long blind = count(checks, Verdict.NOT_COMPARABLE);
        StringBuilder b = new StringBuilder("## xmc check\n\n");
        b.append(checks.size()).append(" checks, ").append(failed).append(failed == 1 ? " regression" : " regressions")
                .append(", ").append(blind).append(" not comparable\n\n");
        if (failed + blind > 0) {
            b.append("| run | check | baseline | candidate | verdict | problem |\n|---|---|---|---|---|---|\n");
            for (Check c : checks) {
                if (!c.passed()) {
                    b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", c.run(), c.what(),
                            fmt(c.baseline()), fmt(c.candidate()), c.verdict() == Verdict.REGRESSION ? "regression"
                            : "not comparable", c.message()));
                }
            }
        }
        return b.toString();
    }

    public static long count(List<Check> checks, Verdict verdict) {
        return checks.stream().filter(c -> c.verdict() == verdict).count();
    }

    private static String fmt(Double d) {
        return d == null ? "–" : String.format(Locale.ROOT, "%.4f", d);
    }

    /** A JUnit XML report (one test case per check) so CI systems show the gate's result. */
    public static String junitXml(List<Check> checks) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<testsuite name=\"xmc-check\" tests=\"").append(checks.size()).append("\" failures=\"")
                .append(count(checks, Verdict.REGRESSION)).append("\" errors=\"")
                .append(count(checks, Verdict.NOT_COMPARABLE)).append("\" skipped=\"0\">\n");
        for (Check c : checks) {
            b.append("  <testcase classname=\"").append(xml(c.run())).append("\" name=\"").append(xml(c.what()))
                    .append("\"");
            if (c.passed()) {
                b.append("/>\n");
            } else {
                b.append(">\n    <").append(c.verdict() == Verdict.REGRESSION ? "failure" : "error")
                        .append(" message=\"").append(xml(c.message())).append("\"/>\n  </testcase>\n");
            }
        }
        return b.append("</testsuite>\n").toString();
    }

    /** The JUnit XML of a gate that could not look: one test case in error, so CI shows red, never green. */
    public static String junitXml(UnreadableResultsException e) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"xmc-check\" tests=\"1\" failures=\"0\" "
                + "errors=\"1\" skipped=\"0\">\n  <testcase classname=\"xmc-check\" name=\"read results\">\n    "
                + "<error message=\"" + xml(e.getMessage()) + "\"/>\n  </testcase>\n</testsuite>\n";
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
