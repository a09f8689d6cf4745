package org.xmcbench.datasets.layout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.TextRecord;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.datasets.io.FilterPairs;
import org.xmcbench.datasets.io.LfJson;
import org.xmcbench.datasets.io.Npz;
import org.xmcbench.datasets.io.PropensityFile;
import org.xmcbench.datasets.io.TextLines;
import org.xmcbench.datasets.io.XcOldFormat;
import org.xmcbench.datasets.io.XcSparseText;

/**
 * Writes a dataset in one of the four layouts, each file atomically. Side files (vocabulary, label texts, label
 * features, filters, propensity constants) are written in every layout. What a layout cannot carry is reported back to the caller, never
 * silently dropped: e.g. PECOS text files hold one line per point, so a separate title and content are joined.
 */
public final class DatasetWriter {
    private DatasetWriter() {}

    /** Options: gzip the sparse text files; deflate the npz entries (scipy's default) or store them (PECOS's). */
    public record Options(boolean gzipText, boolean compressNpz) {
        public static Options defaults() {
            return new Options(false, true);
        }
    }

    /** Writes {@code d} into {@code dir}; returns notes on anything the layout could not carry exactly. */
    public static List<String> write(XmcDataset d, Path dir, Layout layout, Options opt) throws IOException {
        Files.createDirectories(dir);
        List<String> notes = new ArrayList<>();
        String gz = opt.gzipText() ? ".gz" : "";
        switch (layout) {
            case XC -> {
                writeFeatures(d, dir, gz, notes);
                XcSparseText.write(d.trainLabels(), dir.resolve("trn_X_Y.txt" + gz));
                XcSparseText.write(d.testLabels(), dir.resolve("tst_X_Y.txt" + gz));
                textsNotCarried(d, layout, notes);
            }
            case XC_OLD -> {
                CsrMatrix xTrn = orEmpty(d.trainFeatures(), d.trainLabels().rows(), notes);
                CsrMatrix xTst = orEmpty(d.testFeatures(), d.testLabels().rows(), notes);
                XcOldFormat.write(xTrn, d.trainLabels(), dir.resolve("train.txt" + gz));
                XcOldFormat.write(xTst, d.testLabels(), dir.resolve("test.txt" + gz));
                textsNotCarried(d, layout, notes);
            }
            case LF_JSON -> {
                LfJson.writeLabels(labelTexts(d), dir.resolve("lbl.json.gz"));
                LfJson.writePoints(texts(d.trainTexts(), d.trainLabels().rows(), notes, "train"), d.trainLabels(),
                        dir.resolve("trn.json.gz"));
                LfJson.writePoints(texts(d.testTexts(), d.testLabels().rows(), notes, "test"), d.testLabels(),
                        dir.resolve("tst.json.gz"));
                writeFeatures(d, dir, gz, notes);
            }
            case PECOS -> {
                if (d.trainFeatures() != null) {
                    Npz.write(d.trainFeatures(), dir.resolve("X.trn.npz"), opt.compressNpz());
                    Npz.write(d.testFeatures(), dir.resolve("X.tst.npz"), opt.compressNpz());
                } else {
                    notes.add("no features to write (X.trn.npz omitted)");
                }
                Npz.write(d.trainLabels(), dir.resolve("Y.trn.npz"), opt.compressNpz());
                Npz.write(d.testLabels(), dir.resolve("Y.tst.npz"), opt.compressNpz());
                if (d.trainTexts() != null) {
                    TextLines.write(pecosLines(d.trainTexts(), notes), dir.resolve("X.trn.txt" + gz));
                    TextLines.write(pecosLines(d.testTexts(), notes), dir.resolve("X.tst.txt" + gz));
                }
            }
            default -> throw new IllegalStateException(layout.toString());
        }
        if (d.vocabulary() != null) {
            TextLines.write(d.vocabulary(), dir.resolve("Xf.txt"));
        }
        if (d.labelTexts() != null && layout != Layout.LF_JSON) {
            List<String> titles = new ArrayList<>(d.labelTexts().size());
            boolean hadContent = false;
            for (TextRecord t : d.labelTexts()) {
                titles.add(t.title());
                hadContent |= !t.content().isEmpty();
            }
            TextLines.write(titles, dir.resolve("Y.txt"));
            if (hadContent) {
                notes.add("label contents are not carried by Y.txt (titles only); use lf-json to keep them");
            }
        }
        if (d.labelFeatures() != null) {
            XcSparseText.write(d.labelFeatures(), dir.resolve("lbl_X_Xf.txt" + gz));
        }
        if (d.trainFilter() != null) {
            FilterPairs.write(d.trainFilter(), dir.resolve("filter_labels_train.txt"));
        }
        if (d.testFilter() != null) {
            FilterPairs.write(d.testFilter(), dir.resolve("filter_labels_test.txt"));
        }
        if (d.propensityA() != null && d.propensityB() != null) {
            PropensityFile.write(d.propensityA(), d.propensityB(), dir.resolve(PropensityFile.NAME));
        }
        return notes;
    }

    private static void writeFeatures(XmcDataset d, Path dir, String gz, List<String> notes) throws IOException {
        if (d.trainFeatures() != null) {
            XcSparseText.write(d.trainFeatures(), dir.resolve("trn_X_Xf.txt" + gz));
            XcSparseText.write(d.testFeatures(), dir.resolve("tst_X_Xf.txt" + gz));
        } else {
            notes.add("no features to write (trn_X_Xf.txt omitted)");
        }
    }

    private static CsrMatrix orEmpty(CsrMatrix x, int rows, List<String> notes) {
        if (x != null) {
            return x;
        }
        notes.add("no features: the old format's feature part is left empty (dimension 0)");
        return CsrMatrix.empty(rows, 0);
    }

    private static void textsNotCarried(XmcDataset d, Layout layout, List<String> notes) {
        if (d.trainTexts() != null) {
            notes.add("raw point texts are not part of the " + layout + " layout and were not written");
        }
    }

    private static List<TextRecord> labelTexts(XmcDataset d) {
        if (d.labelTexts() != null) {
            return d.labelTexts();
        }
        List<TextRecord> out = new ArrayList<>(d.numLabels());
        for (int l = 0; l < d.numLabels(); l++) {
            out.add(new TextRecord(Integer.toString(l), "", ""));
        }
        return out;
    }

    private static List<TextRecord> texts(List<TextRecord> t, int rows, List<String> notes, String split) {
        if (t != null) {
            return t;
        }
        notes.add("no raw texts for the " + split + " split: JSON lines carry empty title and content");
        List<TextRecord> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            out.add(new TextRecord(Integer.toString(i), "", ""));
        }
        return out;
    }

    private static List<String> pecosLines(List<TextRecord> texts, List<String> notes) {
        List<String> out = new ArrayList<>(texts.size());
        boolean joined = false;
        for (TextRecord t : texts) {
            if (t.content().isEmpty()) {
                out.add(t.title());
            } else {
                out.add(t.title() + " " + t.content());
                joined = true;
            }
        }
        if (joined && !notes.contains(JOINED)) {
            notes.add(JOINED);
        }
        return out;
    }

    private static final String JOINED =
            "PECOS text files hold one line per point: title and content were joined with a space";
}
