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

    /** A catalog name or a folder (what a run, stats or convert reads). */
    static void requireKnown(CommandLine cl, String dataset) throws IOException {
        String why = whyUnknown(DatasetResolver.standard().catalog(), dataset);
        if (why != null) {
            throw new CommandLine.ParameterException(cl, why);
        }
    }

    /** Why a dataset a run reads is refused (neither a catalog name nor a folder), or null when it is known. */
    static String whyUnknown(Catalog catalog, String dataset) {
        return catalog.canonicalName(dataset) != null || Files.isDirectory(Path.of(dataset)) ? null
                : unknown(dataset, catalog, ": neither a catalogued name nor a folder");
    }

    /** A catalog name only (what fetch and verify act on); returns it as the catalog spells it. */
    static String requireCatalogued(CommandLine cl, Catalog catalog, String dataset) {
        String canonical = catalog.canonicalName(dataset);
        if (canonical == null) {
            throw new CommandLine.ParameterException(cl, unknown(dataset, catalog, ""));
        }
        return canonical;
    }

    private static String unknown(String dataset, Catalog catalog, String why) {
        return "unknown dataset '" + dataset + "'" + why
                + Suggestions.didYouMean(dataset, catalog.entries().keySet()) + " (`xmc datasets list` shows the "
                + "catalog)";
    }
}
