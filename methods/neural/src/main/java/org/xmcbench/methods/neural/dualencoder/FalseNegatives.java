package org.xmcbench.methods.neural.dualencoder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xmcbench.core.data.CsrMatrix;

/**
 * In-batch "negatives" that are not negatives, though no label id says so: the query's own label (an LF filter
 * pair: on LF-debian-deps 59% of training queries are themselves labels) and any label whose text equals the
 * query's text or the text of the query's positive (3,110 labels there share 764 titles). Such a row's loss cannot
 * fall below ~ln(2) per duplicate and its softmax mass is taken from the real hard negatives, so they are masked
 * out of the negatives, neither positives nor negatives.
 */
public final class FalseNegatives {
    /** The fit parameter that switches the masks, its default and its help: one definition for every method. */
    public static final String PARAM = "mask_false_negatives";
    public static final boolean DEFAULT = true;
    public static final String HELP = "leave out of a query's negatives its own label (the LF filter pairs) and"
            + " labels whose text equals the query's or its positive's";

    private final CsrMatrix ownLabels;
    private final int[] queryText;
    private final int[] labelText;
    /** Labels by text id: the labels sharing each text, for {@link #labelsFor}. */
    private final Map<Integer, int[]> labelsOfText = new HashMap<>();

    private FalseNegatives(CsrMatrix ownLabels, int[] queryText, int[] labelText) {
        this.ownLabels = ownLabels;
        this.queryText = queryText;
        this.labelText = labelText;
        Map<Integer, List<Integer>> byText = new HashMap<>();
        for (int l = 0; l < labelText.length; l++) {
            byText.computeIfAbsent(labelText[l], k -> new ArrayList<>()).add(l);
        }
        byText.forEach((t, ls) -> labelsOfText.put(t, ls.stream().mapToInt(Integer::intValue).toArray()));
    }

    /**
     * @param ownLabels the train split's filter pairs (rows × labels), or null when the dataset has none
     * @param queryTexts each training query's text as the encoder reads it
     * @param labelTexts each label's text as the encoder reads it
     */
    public static FalseNegatives of(CsrMatrix ownLabels, List<String> queryTexts, List<String> labelTexts) {
        Map<String, Integer> ids = new HashMap<>();
        return new FalseNegatives(ownLabels, textIds(queryTexts, ids), textIds(labelTexts, ids));
    }

    /** Texts compared after trimming and case folding: "Foo " and "foo" name the same thing to a user. */
    private static int[] textIds(List<String> texts, Map<String, Integer> ids) {
        int[] out = new int[texts.size()];
        for (int i = 0; i < out.length; i++) {
            String key = texts.get(i).strip().toLowerCase(java.util.Locale.ROOT);
            out[i] = ids.computeIfAbsent(key, k -> ids.size());
        }
        return out;
    }

    /** Whether {@code label} must not serve as a negative of {@code query}, whose sampled positive is {@code positive}. */
    public boolean test(int query, int positive, int label) {
        int text = labelText[label];
        return text == queryText[query] || text == labelText[positive] || isOwnLabel(query, label);
    }

    /** Every label that {@link #test} holds for this query and positive: its own labels and the texts' labels. */
    public int[] labelsFor(int query, int positive) {
        List<Integer> out = new ArrayList<>();
        if (ownLabels != null && query < ownLabels.rows()) {
            for (long p = ownLabels.rowStart(query); p < ownLabels.rowEnd(query); p++) {
                out.add(ownLabels.index(p));
            }
        }
        for (int l : labelsOfText.getOrDefault(queryText[query], new int[0])) {
            out.add(l);
        }
        for (int l : labelsOfText.getOrDefault(labelText[positive], new int[0])) {
            out.add(l);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private boolean isOwnLabel(int query, int label) {
        if (ownLabels == null || query >= ownLabels.rows()) {
            return false;
        }
        for (long p = ownLabels.rowStart(query); p < ownLabels.rowEnd(query); p++) {
            if (ownLabels.index(p) == label) {
                return true;
            }
        }
        return false;
    }
}
