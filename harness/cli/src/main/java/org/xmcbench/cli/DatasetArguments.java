package org.xmcbench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xmcbench.datasets.catalog.Catalog;
import org.xmcbench.datasets.catalog.DatasetResolver;
import picocli.CommandLine;

/** A dataset argument is a catalog name or a folder; a mistyped one is a usage error naming the nearest name. */
final class DatasetArguments {
    private DatasetArguments() {}

    static void requireKnown(CommandLine cl, String dataset) throws IOException {
        Catalog catalog = DatasetResolver.standard().catalog();
        if (catalog.canonicalName(dataset) == null && !Files.isDirectory(Path.of(dataset))) {
            throw new CommandLine.ParameterException(cl, "unknown dataset '" + dataset + "': neither "
                    + "a catalogued name nor a folder" + Suggestions.didYouMean(dataset, catalog.entries().keySet())
                    + " (`xmc datasets list` shows the catalog)");
        }
    }
}
