package org.xmcbench.cli.report;

import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The leaderboard as a Tablesaw table: one row per (run, query setting), metrics as percentages, sorted by dataset
 * then P@1 descending; {@link #byDataset} splits it into one table per dataset. What tells runs apart has a column
 * each: the method, the query setting, the seed, k, the given fit parameters, the config hash and the run folder.
 */
public final class LeaderboardTable {
    static final String[] METRICS = {"P@1", "P@3", "P@5", "nDCG@5", "PSP@1", "PSP@3", "PSP@5", "R@10",
        "coverage@5", "cov@prec0.9", "cov@prec0.95", "C@1 val0.9", "prec val0.9", "C@1 val0.95", "prec val0.95"};

    static final String METHOD = "method";
    static final String QUERY = "query";
    static final String SEED = "seed";
    static final String K = "k";
    static final String PARAMS = "parameters";
    static final String RUN_FOLDER = "run folder";

    private LeaderboardTable() {}

    public static Table of(List<LeaderboardRow> rows) {
        StringColumn dataset = StringColumn.create("dataset");
        StringColumn method = StringColumn.create(METHOD);
        StringColumn query = StringColumn.create(QUERY);
        IntColumn seed = IntColumn.create(SEED);
        IntColumn k = IntColumn.create(K);
        StringColumn params = StringColumn.create(PARAMS);
        StringColumn config = StringColumn.create("config");
        StringColumn folder = StringColumn.create(RUN_FOLDER);
        StringColumn status = StringColumn.create("status");
        DoubleColumn[] m = new DoubleColumn[METRICS.length];
        for (int i = 0; i < METRICS.length; i++) {
            m[i] = DoubleColumn.create(METRICS[i]);
        }
        DoubleColumn fit = DoubleColumn.create("fit s");
        DoubleColumn p50 = DoubleColumn.create("p50 ms");
        DoubleColumn p99 = DoubleColumn.create("p99 ms");
        DoubleColumn qps = DoubleColumn.create("queries/s");
        StringColumn hw = StringColumn.create("hardware");
        StringColumn note = StringColumn.create("note");
        for (LeaderboardRow r : rows) {
            dataset.append(r.dataset());
            method.append(r.method());
            query.append(r.queryKey());
            seed.append((int) r.seed());
            if (r.k() == null) {
                k.appendMissing();
            } else {
                k.append(r.k());
            }
            params.append(r.settings());
            config.append(r.configHash());
            folder.append(r.runFolder());
            status.append(r.status());
            Double[] v = {r.p1(), r.p3(), r.p5(), r.ndcg5(), r.psp1(), r.psp3(), r.psp5(), r.r10(), r.coverage5(),
                r.coverageAtP90(), r.coverageAtP95(), r.valCoverage90(), r.valPrecision90(), r.valCoverage95(),
                r.valPrecision95()};
            for (int i = 0; i < v.length; i++) {
                append(m[i], v[i] == null ? null : 100 * v[i]);
            }
            append(fit, r.fitSeconds());
            append(p50, r.p50Ms());
            append(p99, r.p99Ms());
            append(qps, r.throughputQps());
            hw.append(r.hardware());
            note.append(r.reason() == null ? "" : r.reason());
        }
        Table t = Table.create("leaderboard");
        t.addColumns(dataset, method, query, seed, k, params, config, folder, status);
        t.addColumns(m);
        t.addColumns(fit, p50, p99, qps, hw, note);
        return t.sortOn("dataset", "-P@1");
    }

    private static void append(DoubleColumn c, Double v) {
        if (v == null) {
            c.appendMissing();
        } else {
            c.append(v);
        }
    }

    public static List<Table> byDataset(Table t) {
        return t.splitOn("dataset").asTableList();
    }

    /** A cell as shown in Markdown/HTML: metrics and times to 2 decimals, missing as a dash. */
    public static String cell(Column<?> c, int row) {
        if (c.isMissing(row)) {
            return "–";
        }
        if (c instanceof DoubleColumn d) {
            return String.format(Locale.ROOT, "%.2f", d.get(row));
        }
        return c.getString(row);
    }
}
