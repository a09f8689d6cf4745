package org.xmcbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.datasets.catalog.DatasetResolver;
import org.xmcbench.datasets.catalog.DatasetStats;
import org.xmcbench.datasets.layout.Layout;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code xmc datasets stats PATH}: the Extreme Classification Repository's statistics columns. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Print a dataset's statistics as the Extreme Classification Repository's table does "
                + "(averages over the train split).")
final class DatasetsStatsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", description = "a dataset folder, or a catalog name")
    String path;

    @Option(names = "--layout", description = "force a layout: xc, xc-old, lf-json, pecos (default: detect)")
    String layout;

    @Option(names = "--json", description = "print one JSON object instead of a table")
    boolean json;

    @Option(names = "--force", description = "load a catalogued dataset even if its statistics disagree")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DatasetArguments.requireKnown(spec.commandLine(), path);
        XmcDataset d = DatasetResolver.standard().load(path, layout == null ? null : Layout.parse(layout), force);
        DatasetStats s = DatasetStats.of(d);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", d.name());
            m.putAll(s.asMap());
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Dataset", "Features", "Labels", "Train", "Test", "Avg points/label",
            "Avg labels/point"});
        rows.add(new String[] {d.name(), fmt(s.features()), fmt(s.labels()), fmt(s.train()), fmt(s.test()),
            String.format(Locale.ROOT, "%.2f", s.avgPointsPerLabel()),
            String.format(Locale.ROOT, "%.2f", s.avgLabelsPerPoint())});
        System.out.print(TextTable.render(rows));
        return 0;
    }

    private static String fmt(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
