package org.xmcbench.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xmcbench.datasets.catalog.Catalog;
import org.xmcbench.datasets.catalog.CatalogEntry;
import org.xmcbench.datasets.catalog.DataHome;
import org.xmcbench.datasets.catalog.LocalState;
import org.xmcbench.datasets.catalog.LockFile;
import picocli.CommandLine.Command;

/** {@code xmc datasets list}: every catalog entry with its local state. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the catalogued datasets and their local state (missing / downloaded / verified / "
                + "corrupt). Downloads are looked for under $XMC_DATA (default ~/.cache/xmcbench).")
final class DatasetsListCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        Path home = DataHome.home();
        Path cache = DataHome.cache();
        Catalog catalog = Catalog.ofHome(home);
        LockFile lock = LockFile.load(cache);
        List<String> notes = new ArrayList<>();
        List<String> aliases = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"name", "state", "format", "labels", "train", "test", "A", "B", "source"});
        for (Map.Entry<String, CatalogEntry> e : catalog.entries().entrySet()) {
            CatalogEntry c = e.getValue();
            LocalState.Report report = LocalState.check(e.getKey(), c, home, cache, lock, false);
            LocalState state = report.state();
            if (state == LocalState.CORRUPT) {
                notes.add(e.getKey() + ": " + report.problems().get(0) + (c.bundled() ? ""
                        : "; run `xmc datasets fetch " + e.getKey() + "` again"));
            }
            for (CatalogEntry.Alias a : c.aliasesOrEmpty()) {
                aliases.add(e.getKey() + " is also called " + a.name() + (a.papers() == null ? ""
                        : " by " + String.join("; ", a.papers())));
            }
            CatalogEntry.Stats s = c.stats();
            rows.add(new String[] {e.getKey(), state.toString(), c.format(), str(s == null ? null : s.labels()),
                    str(s == null ? null : s.train()), str(s == null ? null : s.test()),
                    c.propensity() == null ? "-" : String.valueOf(c.propensity().a()),
                    c.propensity() == null ? "-" : String.valueOf(c.propensity().b()),
                    c.bundled() ? "bundled: " + c.path() : c.family()});
        }
        System.out.print(TextTable.render(rows));
        aliases.forEach(System.out::println);
        notes.forEach(System.out::println);
        System.out.println("cache: " + cache);
        return 0;
    }

    private static String str(Long v) {
        return v == null ? "?" : String.format(java.util.Locale.ROOT, "%,d", v);
    }
}
