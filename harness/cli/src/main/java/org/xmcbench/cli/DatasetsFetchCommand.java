package org.xmcbench.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.xmcbench.datasets.catalog.Catalog;
import org.xmcbench.datasets.catalog.CatalogEntry;
import org.xmcbench.datasets.catalog.DataHome;
import org.xmcbench.datasets.catalog.FetchSettings;
import org.xmcbench.datasets.catalog.Fetcher;
import org.xmcbench.datasets.catalog.UnpackLimits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code xmc datasets fetch NAME}: the only command that uses the network. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = "Download a catalogued dataset into $XMC_DATA/NAME (resuming a partial download), accept it "
                + "only complete (Content-Length, Content-Range, the archive's own checksums), verify its SHA-256, "
                + "unpack it (only regular files and folders, within a size and entry limit) and only then record "
                + "a SHA-256 the catalog does not know in $XMC_DATA/catalog.lock.json and the unpacked files' "
                + "SHA-256 in $XMC_DATA/NAME/manifest.json. Offline, fails at once and says where to put the files "
                + "by hand.")
final class DatasetsFetchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "catalog name (see `xmc datasets list`)")
    String name;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS",
            description = "give up connecting after this long (default: " + FetchSettings.DEFAULT_CONNECT_TIMEOUT_S
                    + ")")
    Integer connectTimeout;

    @Option(names = "--read-timeout", paramLabel = "SECONDS",
            description = "fail when the server sends nothing for this long (default: "
                    + FetchSettings.DEFAULT_READ_TIMEOUT_S + ")")
    Integer readTimeout;

    @Option(names = "--max-unpacked-bytes", paramLabel = "BYTES", description = "refuse an archive that unpacks "
            + "to more (default: " + UnpackLimits.DEFAULT_RATIO + " times the archive's size, at least "
            + (UnpackLimits.DEFAULT_FLOOR_BYTES >> 20) + " MiB, at most " + (UnpackLimits.DEFAULT_CEILING_BYTES >> 30)
            + " GiB)")
    Long maxUnpackedBytes;

    @Option(names = "--max-entries", paramLabel = "N",
            description = "refuse an archive with more entries (default: " + UnpackLimits.DEFAULT_MAX_ENTRIES + ")")
    Long maxEntries;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Catalog catalog = Catalog.ofHome(DataHome.home());
        String canonical = DatasetArguments.requireCatalogued(spec.commandLine(), catalog, name);
        CatalogEntry e = catalog.get(canonical);
        Path data = new Fetcher(DataHome.cache(), System.err, settings()).fetch(canonical, e);
        System.out.println(canonical + ": ready in " + data);
        return 0;
    }

    private FetchSettings settings() {
        FetchSettings d = FetchSettings.DEFAULTS;
        try {
            return d.withTimeouts(connectTimeout == null ? d.connectTimeout() : Duration.ofSeconds(connectTimeout),
                    readTimeout == null ? d.readTimeout() : Duration.ofSeconds(readTimeout))
                    .withUnpack(new UnpackLimits(maxUnpackedBytes == null ? d.unpack().maxBytes() : maxUnpackedBytes,
                            maxEntries == null ? d.unpack().maxEntries() : maxEntries));
        } catch (IllegalArgumentException bad) {
            throw new CommandLine.ParameterException(spec.commandLine(), bad.getMessage());
        }
    }
}
