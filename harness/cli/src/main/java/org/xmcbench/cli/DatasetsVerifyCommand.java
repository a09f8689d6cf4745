package org.xmcbench.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.xmcbench.datasets.catalog.Catalog;
import org.xmcbench.datasets.catalog.CatalogEntry;
import org.xmcbench.datasets.catalog.DataHome;
import org.xmcbench.datasets.catalog.LocalState;
import org.xmcbench.datasets.catalog.LockFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code xmc datasets verify NAME...}: exit 0 only when every named dataset is verified. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check the SHA-256 of every file of catalogued datasets (bundled, or downloaded into "
                + "$XMC_DATA: the archives against the catalog or the lock file, the unpacked files against the "
                + "manifest written when they were unpacked). Exits 1 when one is missing, unverified or corrupt.")
final class DatasetsVerifyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", arity = "1..*", description = "catalog names")
    String[] names;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path home = DataHome.home();
        Path cache = DataHome.cache();
        Catalog catalog = Catalog.ofHome(home);
        LockFile lock = LockFile.load(cache);
        // Every name is checked before any file is: a typo in the last name prints nothing else.
        List<String> canonical = new ArrayList<>();
        for (String n : names) {
            canonical.add(DatasetArguments.requireCatalogued(spec.commandLine(), catalog, n));
        }
        int bad = 0;
        for (String name : canonical) {
            CatalogEntry e = catalog.get(name);
            LocalState.Report r = LocalState.check(name, e, home, cache, lock, true);
            System.out.println(name + ": " + r.state());
            for (String p : r.problems()) {
                System.out.println("  " + p);
            }
            if (r.state() == LocalState.CORRUPT || r.state() == LocalState.DOWNLOADED && !e.bundled()) {
                System.out.println("  run `xmc datasets fetch " + name + "` again to download, check and unpack it");
            }
            bad += r.state() == LocalState.VERIFIED ? 0 : 1;
        }
        return bad == 0 ? 0 : 1;
    }
}
