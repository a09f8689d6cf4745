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

/**
 * Compares two result sets run by run (matched on dataset, method, config hash and query setting): a metric that
 * drops by more than its tolerance, a time that grows by more than its tolerance, or a run that succeeded in the
 * baseline but not in the candidate (or is missing) is a regression.
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

    /** One comparison. */
    public record Check(String run, String what, Double baseline, Double candidate, double tolerance, boolean passed,
                        String message) {}

    public static List<Check> compare(Path baseline, Path candidate, Map<String, Double> overrides)
            throws IOException {
        Map<String, Double> tol = new LinkedHashMap<>(DEFAULTS);
        for (String k : overrides.keySet()) {
            if (!tol.containsKey(k)) {
                throw new IllegalArgumentException("unknown tolerance '" + k + "' (known: " + tol.keySet() + ")");
            }
        }
        tol.putAll(overrides);
        Map<String, LeaderboardRow> cand = new LinkedHashMap<>();
        for (LeaderboardRow r : ResultsScanner.rows(candidate)) {
            cand.put(key(r), r);
        }
        List<Check> checks = new ArrayList<>();
        for (LeaderboardRow b : ResultsScanner.rows(baseline)) {
            if (!"success".equals(b.status())) {
                continue;
            }
            String id = key(b);
            LeaderboardRow c = cand.get(id);
            if (c == null || !"success".equals(c.status())) {
                checks.add(new Check(id, "status", null, null, 0, false, c == null ? "missing in the candidate"
                        : "candidate run " + c.status() + ": " + c.reason()));
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
            if (b.throughputQps() != null && c.throughputQps() != null) {
                double t = tol.get("throughput");
                boolean ok = c.throughputQps() >= b.throughputQps() * (1 - t);
                checks.add(new Check(id, "throughput", b.throughputQps(), c.throughputQps(), t, ok, ok ? "" : String
                        .format(Locale.ROOT, "throughput fell by %.0f%% (tolerance %.0f%%)",
                                100 * (1 - c.throughputQps() / b.throughputQps()), 100 * t)));
            }
        }
        return checks;
    }

    private static String key(LeaderboardRow r) {
        return r.dataset() + "/" + r.method() + "/" + r.configHash() + "/" + r.queryKey();
    }

    private static void metric(List<Check> out, String id, String name, Double b, Double c, Map<String, Double> tol) {
        if (b == null || c == null) {
            return;
        }
        double t = tol.get(name);
        boolean ok = c >= b - t - 1e-12;
        out.add(new Check(id, name, b, c, t, ok, ok ? "" : String.format(Locale.ROOT,
                "%s dropped by %.4f (tolerance %.4f)", name, b - c, t)));
    }

    private static void growth(List<Check> out, String id, String name, Double b, Double c, Map<String, Double> tol) {
        if (b == null || c == null || b <= 0) {
            return;
        }
        double t = tol.get(name);
        boolean ok = c <= b * (1 + t);
        out.add(new Check(id, name, b, c, t, ok, ok ? "" : String.format(Locale.ROOT,
                "%s grew by %.0f%% (tolerance %.0f%%)", name, 100 * (c / b - 1), 100 * t)));
    }

    /** A Markdown summary: counts, then a table of the failures. */
    public static String markdown(List<Check> checks) {
        long failed = checks.stream().filter(c -> !c.passed()).count();
        StringBuilder b = new StringBuilder("## xmc check\n\n");
        b.append(checks.size()).append(" checks, ").append(failed).append(failed == 1 ? " regression" : " regressions")
                .append("\n\n");
        if (failed > 0) {
            b.append("| run | check | baseline | candidate | problem |\n|---|---|---|---|---|\n");
            for (Check c : checks) {
                if (!c.passed()) {
                    b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", c.run(), c.what(),
                            fmt(c.baseline()), fmt(c.candidate()), c.message()));
                }
            }
        }
        return b.toString();
    }

    private static String fmt(Double d) {
        return d == null ? "–" : String.format(Locale.ROOT, "%.4f", d);
    }

    /** A JUnit XML report (one test case per check) so CI systems show the gate's result. */
    public static String junitXml(List<Check> checks) {
        long failed = checks.stream().filter(c -> !c.passed()).count();
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<testsuite name=\"xmc-check\" tests=\"").append(checks.size()).append("\" failures=\"")
                .append(failed).append("\" errors=\"0\" skipped=\"0\">\n");
        for (Check c : checks) {
            b.append("  <testcase classname=\"").append(xml(c.run())).append("\" name=\"").append(xml(c.what()))
                    .append("\"");
            if (c.passed()) {
                b.append("/>\n");
            } else {
                b.append(">\n    <failure message=\"").append(xml(c.message())).append("\"/>\n  </testcase>\n");
            }
        }
        return b.append("</testsuite>\n").toString();
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
