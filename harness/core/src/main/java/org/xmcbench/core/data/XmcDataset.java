package org.xmcbench.core.data;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An XMC dataset as read from disk: features and labels of both splits, and whatever else the format carried.
 * Optional parts are null (matrices, text lists) when the source did not have them.
 *
 * @param name dataset name (folder name or catalog name)
 * @param trainFeatures sparse features of the train split (null for text-only LF layouts)
 * @param testFeatures sparse features of the test split
 * @param trainLabels train label matrix (rows x L)
 * @param testLabels test label matrix (rows x L)
 * @param trainTexts raw texts of train points (title, content), or null
 * @param testTexts raw texts of test points, or null
 * @param labelTexts label texts (LF datasets), or null
 * @param labelFeatures label-side sparse features (LF {@code lbl_X_Xf.txt}), or null
 * @param vocabulary feature names ({@code Xf.txt}), or null
 * @param trainFilter LF filter pairs of the train split as a binary rows x L matrix, or null
 * @param testFilter LF filter pairs of the test split, or null
 * @param propensityA Jain et al. propensity constant A for this dataset, or null when not known
 * @param propensityB propensity constant B, or null
 * @param fileSha256 SHA-256 of every file the dataset was read from, by file name
 */
public record XmcDataset(
        String name,
        CsrMatrix trainFeatures,
        CsrMatrix testFeatures,
        CsrMatrix trainLabels,
        CsrMatrix testLabels,
        List<TextRecord> trainTexts,
        List<TextRecord> testTexts,
        List<TextRecord> labelTexts,
        CsrMatrix labelFeatures,
        List<String> vocabulary,
        CsrMatrix trainFilter,
        CsrMatrix testFilter,
        Double propensityA,
        Double propensityB,
        Map<String, String> fileSha256) {

    public XmcDataset {
        fileSha256 = Collections.unmodifiableMap(new TreeMap<>(fileSha256 == null ? Map.of() : fileSha256));
    }

    public int numLabels() {
        return trainLabels.cols();
    }

    public int numFeatures() {
        return trainFeatures == null ? 0 : trainFeatures.cols();
    }

    public XmcDataset withName(String newName) {
        return new XmcDataset(newName, trainFeatures, testFeatures, trainLabels, testLabels, trainTexts, testTexts,
                labelTexts, labelFeatures, vocabulary, trainFilter, testFilter, propensityA, propensityB, fileSha256);
    }

    public XmcDataset withPropensity(Double a, Double b) {
        return new XmcDataset(name, trainFeatures, testFeatures, trainLabels, testLabels, trainTexts, testTexts,
                labelTexts, labelFeatures, vocabulary, trainFilter, testFilter, a, b, fileSha256);
    }

    /** The same dataset with other test labels (e.g. withheld from a program that must not see them). */
    public XmcDataset withTestLabels(CsrMatrix labels) {
        return new XmcDataset(name, trainFeatures, testFeatures, trainLabels, labels, trainTexts, testTexts,
                labelTexts, labelFeatures, vocabulary, trainFilter, testFilter, propensityA, propensityB, fileSha256);
    }
}
