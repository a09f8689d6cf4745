package org.xmcbench.cli.report;

import static tech.tablesaw.aggregate.AggregateFunctions.count;
import static tech.tablesaw.aggregate.AggregateFunctions.mean;
import static tech.tablesaw.aggregate.AggregateFunctions.stdDev;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The leaderboard as shown: the successful runs of one configuration (dataset, method, query setting, k, fit
 * parameters) over its seeds in one row, each measure their mean with the sample standard deviation beside it
 * (column "NAME sd"), and how many seeds there were. Tablesaw groups and aggregates; failed runs are not in it (the
 * report lists them one by one).
 */
public final class SeedSummary {
    static final String SEEDS = "seeds";
    static final String SD = " sd";
    static final List<String> CONFIGURATION = List.of("dataset", LeaderboardTable.METHOD, LeaderboardTable.QUERY,
            LeaderboardTable.K, LeaderboardTable.PARAMS);

    private SeedSummary() {}

    /** One row per configuration of {@code perRun}'s successful runs, sorted by dataset then mean P@1 descending. */
    public static Table of(Table perRun) {
        Table ok = perRun.where(perRun.stringColumn("status").isEqualTo("success"));
        List<String> measures = perRun.columns().stream().filter(c -> c instanceof DoubleColumn)
                .map(Column::name).toList();
        Table means = ok.summarize(measures, mean, stdDev).by(CONFIGURATION.toArray(String[]::new));
        Table seeds = ok.summarize(LeaderboardTable.SEED, count).by(CONFIGURATION.toArray(String[]::new));
        Table out = Table.create("leaderboard over seeds");
        CONFIGURATION.forEach(c -> out.addColumns(means.column(c).copy()));
        out.addColumns(((NumericColumn<?>) seeds.column("Count [" + LeaderboardTable.SEED + "]")).asDoubleColumn()
                .asIntColumn().setName(SEEDS));
        for (String m : measures) {
            out.addColumns(means.column("Mean [" + m + "]").copy().setName(m),
                    means.column("Std. Deviation [" + m + "]").copy().setName(m + SD));
        }
        return out.rowCount() == 0 ? out : out.sortOn("dataset", "-P@1");
    }

    /** The columns a reader sees: the configuration (but the dataset, a heading) and each measure, not its sd. */
    static List<String> shown(Table t) {
        List<String> cols = new ArrayList<>(t.columnNames());
        cols.remove("dataset");
        cols.removeIf(c -> c.endsWith(SD));
        // Measures no run of this dataset has (e.g. validation-threshold coverage without a validation split).
        cols.removeIf(c -> t.column(c) instanceof DoubleColumn && t.rowCount() > 0
                && t.column(c).countMissing() == t.rowCount());
        return cols;
    }

    /** A cell as shown: a measure over several seeds as "mean ± sd", over one as its value; missing as a dash. */
    static String cell(Table t, String column, int row) {
        Column<?> c = t.column(column);
        String v = LeaderboardTable.cell(c, row);
        if (c instanceof DoubleColumn && !c.isMissing(row) && t.intColumn(SEEDS).get(row) > 1) {
            double sd = t.doubleColumn(column + SD).get(row);
            return v + String.format(Locale.ROOT, " ± %.2f", sd);
        }
        return v;
    }

    /** The number a cell sorts by: a measure's mean; none for text. */
    static String sortKey(Table t, String column, int row) {
        Column<?> c = t.column(column);
        return c instanceof DoubleColumn && !c.isMissing(row) ? String.valueOf(((DoubleColumn) c).get(row)) : null;
    }
}
