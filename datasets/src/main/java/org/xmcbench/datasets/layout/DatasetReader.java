package org.xmcbench.datasets.layout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.TextRecord;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.core.io.DataFormatException;
import org.xmcbench.datasets.io.FilterPairs;
import org.xmcbench.datasets.io.LfJson;
import org.xmcbench.datasets.io.Npz;
import org.xmcbench.datasets.io.PropensityFile;
import org.xmcbench.datasets.io.TextLines;
import org.xmcbench.datasets.io.XcOldFormat;
import org.xmcbench.datasets.io.XcSparseText;

/**
 * Reads a dataset folder in any of the four layouts (detected, or forced), plus every side file it has, and
 * cross-checks the parts: row counts of features, labels and texts; label and feature dimensions of the two
 * splits; label texts against the label count. Any disagreement is an error naming both files; nothing partial
 * is returned.
 */
public final class DatasetReader {
    private final Path dir;
    private final Map<String, Path> filesRead = new LinkedHashMap<>();
    private final boolean texts;

    private DatasetReader(Path dir, boolean texts) {
        this.dir = dir;
        this.texts = texts;
    }

    public static XmcDataset read(Path dir) throws IOException {
        return read(dir, null);
    }

    public static XmcDataset read(Path dir, Layout forced) throws IOException {
        return read(dir, forced, true);
    }

    /**
     * @param texts false to skip raw point and label texts kept in side files (a method that reads only features
     *     and labels loads faster and smaller); the LF JSON layout always reads its JSON, which holds the labels
     */
    public static XmcDataset read(Path dir, Layout forced, boolean texts) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException(dir, "", "not a folder");
        }
        Layout layout = forced != null ? forced : Layout.detect(dir);
        if (layout == null) {
            throw new DataFormatException(dir, "", "no known dataset layout here: expected trn_X_Y.txt + "
                    + "tst_X_Y.txt (xc), Y.trn.npz + Y.tst.npz (pecos), train.txt + test.txt (xc-old) or "
                    + "trn.json.gz + tst.json.gz + lbl.json.gz (lf-json)");
        }
        if (!layout.presentIn(dir)) {
            throw new DataFormatException(dir, "", "layout " + layout + " requested but its files are missing");
        }
        return new DatasetReader(dir, texts).readAs(layout);
    }

    private Path need(String name) {
        Path p = Layout.find(dir, name);
        if (p == null) {
            throw new DataFormatException(dir.resolve(name), "", "missing file (also looked for " + name + ".gz)");
        }
        filesRead.put(p.getFileName().toString(), p);
        return p;
    }

    private Path optional(String name) {
        Path p = Layout.find(dir, name);
        if (p != null) {
            filesRead.put(p.getFileName().toString(), p);
        }
        return p;
    }

    private XmcDataset readAs(Layout layout) throws IOException {
        CsrMatrix xTrn = null;
        CsrMatrix xTst = null;
        CsrMatrix yTrn;
        CsrMatrix yTst;
        List<TextRecord> tTrn = null;
        List<TextRecord> tTst = null;
        List<TextRecord> labelTexts = null;
        Path xTrnFile = null;
        Path xTstFile = null;
        Path yTrnFile;
        Path yTstFile;
        Path tTrnFile = null;
        Path tTstFile = null;
        switch (layout) {
            case XC -> {
                yTrnFile = need("trn_X_Y.txt");
                yTstFile = need("tst_X_Y.txt");
                yTrn = XcSparseText.read(yTrnFile);
                yTst = XcSparseText.read(yTstFile);
                xTrnFile = optional("trn_X_Xf.txt");
                xTstFile = optional("tst_X_Xf.txt");
                if ((xTrnFile == null) != (xTstFile == null)) {
                    throw new DataFormatException(dir, "", "trn_X_Xf.txt and tst_X_Xf.txt must both be present");
                }
                if (xTrnFile != null) {
                    xTrn = XcSparseText.read(xTrnFile);
                    xTst = XcSparseText.read(xTstFile);
                }
            }
            case XC_OLD -> {
                yTrnFile = need("train.txt");
                yTstFile = need("test.txt");
                XcOldFormat.Split trn = XcOldFormat.read(yTrnFile);
                XcOldFormat.Split tst = XcOldFormat.read(yTstFile);
                xTrn = trn.features();
                xTst = tst.features();
                yTrn = trn.labels();
                yTst = tst.labels();
                xTrnFile = yTrnFile;
                xTstFile = yTstFile;
            }
            case PECOS -> {
                yTrnFile = need("Y.trn.npz");
                yTstFile = need("Y.tst.npz");
                yTrn = Npz.read(yTrnFile);
                yTst = Npz.read(yTstFile);
                xTrnFile = optional("X.trn.npz");
                xTstFile = optional("X.tst.npz");
                if (xTrnFile == null && Layout.find(dir, "X.trn.npy") != null) {
                    xTrnFile = need("X.trn.npy");
                    xTstFile = need("X.tst.npy");
                    xTrn = Npz.readDense(xTrnFile).toCsr();
                    xTst = Npz.readDense(xTstFile).toCsr();
                } else if (xTrnFile == null && Layout.find(dir.resolve("tfidf-attnxml"), "X.trn.npz") != null) {
                    xTrnFile = dir.resolve("tfidf-attnxml/X.trn.npz");
                    xTstFile = dir.resolve("tfidf-attnxml/X.tst.npz");
                    filesRead.put("tfidf-attnxml/X.trn.npz", xTrnFile);
                    filesRead.put("tfidf-attnxml/X.tst.npz", xTstFile);
                    xTrn = Npz.read(xTrnFile);
                    xTst = Npz.read(xTstFile);
                } else if (xTrnFile != null) {
                    if (xTstFile == null) {
                        throw new DataFormatException(dir.resolve("X.tst.npz"), "", "missing (X.trn.npz is present)");
                    }
                    xTrn = Npz.read(xTrnFile);
                    xTst = Npz.read(xTstFile);
                }
            }
            case LF_JSON -> {
                Path lbl = need("lbl.json");
                labelTexts = LfJson.readLabels(lbl);
                yTrnFile = need("trn.json");
                yTstFile = need("tst.json");
                LfJson.Split trn = LfJson.readPoints(yTrnFile, labelTexts.size());
                LfJson.Split tst = LfJson.readPoints(yTstFile, labelTexts.size());
                yTrn = trn.labels();
                yTst = tst.labels();
                tTrn = trn.texts();
                tTst = tst.texts();
                tTrnFile = yTrnFile;
                tTstFile = yTstFile;
                xTrnFile = optional("trn_X_Xf.txt");
                xTstFile = optional("tst_X_Xf.txt");
                if (xTrnFile != null && xTstFile != null) {
                    xTrn = XcSparseText.read(xTrnFile);
                    xTst = XcSparseText.read(xTstFile);
                }
            }
            default -> throw new IllegalStateException(layout.toString());
        }
        // Raw texts from whichever side file carries them (JSON has title and content; PECOS text one line).
        if (tTrn == null && texts) {
            Path jt = optional("trn.json");
            if (jt != null && Layout.find(dir, "lbl.json") != null) {
                Path lbl = optional("lbl.json");
                labelTexts = LfJson.readLabels(lbl);
                tTrnFile = jt;
                tTstFile = need("tst.json");
                tTrn = LfJson.readPoints(tTrnFile, labelTexts.size()).texts();
                tTst = LfJson.readPoints(tTstFile, labelTexts.size()).texts();
            } else if (optional("X.trn.txt") != null) {
                tTrnFile = need("X.trn.txt");
                tTstFile = need("X.tst.txt");
                tTrn = asTexts(TextLines.read(tTrnFile));
                tTst = asTexts(TextLines.read(tTstFile));
            }
        }
        if (labelTexts == null && texts) {
            Path y = optional("Y.txt");
            if (y != null) {
                labelTexts = asTexts(TextLines.read(y));
                checkCount(y, labelTexts.size(), "label texts", yTrnFile, yTrn.cols(), "labels");
            }
        }
        int numLabels = yTrn.cols();
        checkCount(yTstFile, yTst.cols(), "label columns", yTrnFile, numLabels, "label columns");
        if (xTrn != null) {
            checkCount(xTrnFile, xTrn.rows(), "rows", yTrnFile, yTrn.rows(), "rows");
            checkCount(xTstFile, xTst.rows(), "rows", yTstFile, yTst.rows(), "rows");
            checkCount(xTstFile, xTst.cols(), "feature columns", xTrnFile, xTrn.cols(), "feature columns");
        }
        if (tTrn != null) {
            checkCount(tTrnFile, tTrn.size(), "texts", yTrnFile, yTrn.rows(), "rows");
            checkCount(tTstFile, tTst.size(), "texts", yTstFile, yTst.rows(), "rows");
        }
        if (labelTexts != null) {
            checkCount(Layout.find(dir, "lbl.json") != null ? Layout.find(dir, "lbl.json") : dir.resolve("Y.txt"),
                    labelTexts.size(), "labels", yTrnFile, numLabels, "label columns");
        }
        List<String> vocabulary = null;
        Path xf = optional("Xf.txt");
        if (xf != null) {
            vocabulary = TextLines.read(xf);
            if (xTrn != null) {
                checkCount(xf, vocabulary.size(), "feature names", xTrnFile, xTrn.cols(), "feature columns");
            }
        }
        CsrMatrix labelFeatures = null;
        Path lxf = optional("lbl_X_Xf.txt");
        if (lxf != null) {
            labelFeatures = XcSparseText.read(lxf);
            checkCount(lxf, labelFeatures.rows(), "rows", yTrnFile, numLabels, "label columns");
        }
        CsrMatrix trainFilter = null;
        CsrMatrix testFilter = null;
        Path ftr = optional("filter_labels_train.txt");
        if (ftr != null) {
            trainFilter = FilterPairs.read(ftr, yTrn.rows(), numLabels);
        }
        Path fte = optional("filter_labels_test.txt");
        if (fte != null) {
            testFilter = FilterPairs.read(fte, yTst.rows(), numLabels);
        }
        PropensityFile.Constants propensity = null;
        Path pf = optional(PropensityFile.NAME);
        if (pf != null) {
            propensity = PropensityFile.read(pf);
        }
        String name = dir.toAbsolutePath().normalize().getFileName().toString();
        return new XmcDataset(name, xTrn, xTst, yTrn, yTst, tTrn, tTst, labelTexts, labelFeatures, vocabulary,
                trainFilter, testFilter, propensity == null ? null : propensity.a(),
                propensity == null ? null : propensity.b(), hashes());
    }

    private static List<TextRecord> asTexts(List<String> lines) {
        List<TextRecord> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            out.add(new TextRecord(Integer.toString(i), lines.get(i), ""));
        }
        return out;
    }

    private static void checkCount(Path a, long na, String whatA, Path b, long nb, String whatB) {
        if (na != nb) {
            throw new DataFormatException(a, "", "has " + na + " " + whatA + " but " + b.getFileName() + " has "
                    + nb + " " + whatB);
        }
    }

    private Map<String, String> hashes() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : filesRead.entrySet()) {
            out.put(e.getKey(), sha256(e.getValue()));
        }
        return out;
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
