package org.xmcbench.datasets.catalog;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xmcbench.core.io.DataFormatException;

/**
 * The names papers give catalogued datasets ({@code aliases} of a catalog entry), resolved to the catalog name. A
 * paper's name is looked up in this order: an alias limited to that paper, the catalog name itself, an alias of every
 * paper. Names compare without regard to case, as catalog names do.
 */
final class CatalogAliases {
    private CatalogAliases() {}

    /**
     * Refuses an alias that could mean two datasets: one without papers that is another entry's name, or one
     * (name, paper) claimed by two entries.
     */
    static void check(Path file, Map<String, CatalogEntry> entries) {
        Map<String, String> claimedBy = new HashMap<>();
        for (Map.Entry<String, CatalogEntry> e : entries.entrySet()) {
            for (CatalogEntry.Alias a : e.getValue().aliasesOrEmpty()) {
                if (a.name() == null || a.name().isBlank() || a.papers() != null && a.papers().isEmpty()) {
                    throw new DataFormatException(file, "entry " + e.getKey(), "an alias needs a 'name' and, when "
                            + "it has 'papers', at least one paper");
                }
                String owner = ownerOf(entries, a.name());
                if (a.papers() == null && owner != null && !owner.equals(e.getKey())) {
                    throw new DataFormatException(file, "entry " + e.getKey(), "alias '" + a.name() + "' is the "
                            + "name of entry " + owner + ": limit it to the papers that use it ('papers')");
                }
                for (String paper : a.papers() == null ? List.of("") : a.papers()) {
                    String key = key(a.name()) + "\u0000" + paper;
                    String earlier = claimedBy.putIfAbsent(key, e.getKey());
                    if (earlier != null && !earlier.equals(e.getKey())) {
                        throw new DataFormatException(file, "entry " + e.getKey(), "alias '" + a.name() + "'"
                                + (paper.isEmpty() ? "" : " of paper '" + paper + "'") + " is also an alias of "
                                + earlier);
                    }
                }
            }
        }
    }

    /** The catalog name of the dataset {@code paper} calls {@code name}, or null. */
    static String resolve(Map<String, CatalogEntry> entries, String paper, String name) {
        for (boolean scoped : new boolean[] {true, false}) {
            for (Map.Entry<String, CatalogEntry> e : entries.entrySet()) {
                for (CatalogEntry.Alias a : e.getValue().aliasesOrEmpty()) {
                    if ((a.papers() != null) == scoped && a.usedBy(paper) && a.name().equalsIgnoreCase(name)) {
                        return e.getKey();
                    }
                }
            }
            if (scoped) {
                String own = ownerOf(entries, name);
                if (own != null) {
                    return own;
                }
            }
        }
        return null;
    }

    private static String ownerOf(Map<String, CatalogEntry> entries, String name) {
        return entries.keySet().stream().filter(k -> k.equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
