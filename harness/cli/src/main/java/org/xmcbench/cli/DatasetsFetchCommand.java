package org.xmcbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.xmcbench.datasets.catalog.Catalog;
import org.xmcbench.datasets.catalog.CatalogEntry;
import org.xmcbench.datasets.catalog.DataHome;
import org.xmcbench.datasets.catalog.Fetcher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code xmc datasets fetch NAME}: the only command that uses the network. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = "Download a catalogued dataset into $XMC_DATA/NAME (resuming a partial download), verify "
                + "its SHA-256 before use (recording it in $XMC_DATA/catalog.lock.json when the catalog does not "
                + "know it yet) and unpack it. Offline, fails at once and says where to put the files by hand.")
final class DatasetsFetchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "catalog name (see `xmc datasets list`)")
    String name;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Catalog catalog = Catalog.ofHome(DataHome.home());
        String canonical = catalog.canonicalName(name);
        if (canonical == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown dataset '" + name
                    + "' (see `xmc datasets list`)");
        }
        CatalogEntry e = catalog.get(canonical);
        Path data = new Fetcher(DataHome.cache(), System.err).fetch(canonical, e);
        System.out.println(canonical + ": ready in " + data);
        return 0;
    }
}
