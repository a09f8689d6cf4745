package org.xmcbench.datasets.layout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The four standard on-disk layouts of an XMC dataset. Each names the files that hold its features and labels;
 * side files (vocabulary {@code Xf.txt}, label texts {@code Y.txt}/{@code lbl.json.gz}, label features
 * {@code lbl_X_Xf.txt}, LF filter files, {@code propensity.json}) are shared by all layouts.
 */
public enum Layout {
    /** Extreme Classification Repository, new format: trn_X_Xf.txt, trn_X_Y.txt, tst_X_Xf.txt, tst_X_Y.txt. */
    XC("xc", List.of("trn_X_Y.txt", "tst_X_Y.txt")),
    /** Extreme Classification Repository, old single-file format: train.txt, test.txt (header N D L). */
    XC_OLD("xc-old", List.of("train.txt", "test.txt")),
    /** LF raw-text JSON lines: trn.json.gz, tst.json.gz, lbl.json.gz (plus BoW files when present). */
    LF_JSON("lf-json", List.of("trn.json", "tst.json", "lbl.json")),
    /** PECOS: X.trn.npz, Y.trn.npz, X.tst.npz, Y.tst.npz and X.trn.txt / X.tst.txt texts. */
    PECOS("pecos", List.of("Y.trn.npz", "Y.tst.npz"));

    private final String id;
    private final List<String> markers;

    Layout(String id, List<String> markers) {
        this.id = id;
        this.markers = markers;
    }

    public String id() {
        return id;
    }

    public static Layout parse(String s) {
        for (Layout l : values()) {
            if (l.id.equalsIgnoreCase(s) || l.name().equalsIgnoreCase(s)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown layout '" + s + "' (expected xc, xc-old, lf-json or pecos)");
    }

    /** Whether {@code dir} holds this layout's defining files (each possibly gzipped). */
    public boolean presentIn(Path dir) {
        for (String m : markers) {
            if (find(dir, m) == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Detects the layout of a folder. When several are present (a folder with every format, like the bundled
     * datasets' sources) the order is xc, pecos, xc-old, lf-json: the first whose files carry features and labels.
     */
    public static Layout detect(Path dir) {
        for (Layout l : List.of(XC, PECOS, XC_OLD, LF_JSON)) {
            if (l.presentIn(dir)) {
                return l;
            }
        }
        return null;
    }

    /** {@code dir/name}, or {@code dir/name.gz}, whichever exists; null when neither does. */
    public static Path find(Path dir, String name) {
        Path p = dir.resolve(name);
        if (Files.isRegularFile(p)) {
            return p;
        }
        Path gz = dir.resolve(name + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }

    @Override
    public String toString() {
        return id;
    }
}
