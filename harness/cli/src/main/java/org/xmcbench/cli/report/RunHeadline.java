package org.xmcbench.cli.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xmcbench.cli.TextTable;
import org.xmcbench.cli.run.RunRecord;

/**
 * What {@code xmc run} prints when a run ends: its headline metrics per query setting, read from its
 * {@code run.json} through the same rows as the leaderboard (so both show the same numbers), plus the fit and
 * whole-test-set predict time.
 */
public final class RunHeadline {
    private RunHeadline() {}

    /** The headline of the successful run in {@code runDir}, a table with one row per query setting. */
    public static String of(Path runDir) throws DamagedRecordException {
        Path file = runDir.resolve(RunRecord.FILE);
        List<LeaderboardRow> rows = RunRecordRows.of(file);
        List<RecordField> results = RecordField.root(file).get("results").array();
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"query", "P@1", "P@3", "P@5", "PSP@5", "R@10", "coverage@5", "fit s", "predict s"});
        for (int i = 0; i < rows.size(); i++) {
            LeaderboardRow r = rows.get(i);
            RecordField predict = results.get(i).get("predict").optionalObject();
            Double predictSeconds = predict == null ? null : predict.get("wall_s").number();
            table.add(new String[] {r.queryKey(), percent(r.p1()), percent(r.p3()), percent(r.p5()),
                percent(r.psp5()), percent(r.r10()), percent(r.coverage5()), seconds(r.fitSeconds()),
                seconds(predictSeconds)});
        }
        LeaderboardRow first = rows.get(0);
        return first.method() + " on " + first.dataset() + " (metrics x100, times in wall seconds"
                + (first.fitSeconds() == null ? "; no fit: a saved model was loaded" : "") + ")\n"
                + TextTable.render(table);
    }

    private static String percent(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2f", 100 * v);
    }

    private static String seconds(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }
}
