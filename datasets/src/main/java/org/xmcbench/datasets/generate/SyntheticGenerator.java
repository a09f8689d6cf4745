package org.xmcbench.datasets.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.xmcbench.core.data.CsrBuilder;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.TextRecord;
import org.xmcbench.core.data.XmcDataset;

/**
 * Deterministic synthetic XMC data for scale and speed tests: label frequencies follow a power law (label l is
 * drawn with probability proportional to (l+1)^-alpha, like the long tails of real XMC data); each label owns a few
 * signature features, so a point's features (its labels' signatures plus noise, l2-normalised TF-IDF-like values)
 * carry the signal a method can learn; texts and label texts are the words of those features. The same
 * parameters and seed always give the same dataset, from a few thousand points up to Amazon-3M's shape.
 */
public final class SyntheticGenerator {
    /** Shape and seed of the dataset to generate. */
    public record Spec(int train, int test, int labels, int features, double avgLabelsPerPoint, int noiseFeatures,
                       double alpha, long seed) {
        public Spec {
            if (train < 1 || test < 0 || labels < 1 || features < 1) {
                throw new IllegalArgumentException("train, labels and features must be >= 1, test >= 0");
            }
            if (avgLabelsPerPoint < 1) {
                throw new IllegalArgumentException("avgLabelsPerPoint must be >= 1");
            }
        }

        public static Spec small(long seed) {
            return new Spec(4000, 1000, 1000, 5000, 4.0, 8, 1.1, seed);
        }
    }

    private static final int SIGNATURE = 4;

    private SyntheticGenerator() {}

    public static XmcDataset generate(Spec s) {
        SplittableRandom root = new SplittableRandom(s.seed());
        int[][] signatures = new int[s.labels()][SIGNATURE];
        SplittableRandom sigRng = root.split();
        for (int[] sig : signatures) {
            for (int j = 0; j < SIGNATURE; j++) {
                sig[j] = sigRng.nextInt(s.features());
            }
        }
        double[] cdf = powerLawCdf(s.labels(), s.alpha());
        // Shuffle which label id gets which frequency so frequent labels are not all at low ids.
        int[] perm = permutation(s.labels(), root.split());
        Split trn = split(s.train(), s, signatures, cdf, perm, root.split());
        Split tst = split(s.test(), s, signatures, cdf, perm, root.split());
        List<TextRecord> labelTexts = new ArrayList<>(s.labels());
        for (int l = 0; l < s.labels(); l++) {
            labelTexts.add(new TextRecord("label" + l, words(signatures[l], SIGNATURE), ""));
        }
        List<String> vocab = new ArrayList<>(s.features());
        for (int f = 0; f < s.features(); f++) {
            vocab.add(word(f));
        }
        return new XmcDataset("synthetic-" + s.train() + "x" + s.labels() + "-seed" + s.seed(), trn.x, tst.x, trn.y,
                tst.y, trn.texts, tst.texts, labelTexts, null, vocab, null, null, 0.55, 1.5, null);
    }

    private record Split(CsrMatrix x, CsrMatrix y, List<TextRecord> texts) {}

    private static Split split(int n, Spec s, int[][] sig, double[] cdf, int[] perm, SplittableRandom rng) {
        CsrBuilder y = new CsrBuilder(s.labels(), n, (long) (n * s.avgLabelsPerPoint()));
        int perPoint = SIGNATURE * (int) Math.ceil(s.avgLabelsPerPoint()) + s.noiseFeatures();
        CsrBuilder x = new CsrBuilder(s.features(), n, (long) n * perPoint);
        List<TextRecord> texts = new ArrayList<>(n);
        int[] labels = new int[64];
        int[] feats = new int[64];
        float[] vals = new float[64];
        for (int i = 0; i < n; i++) {
            // 1 + Poisson-like count with the requested mean (geometric tail keeps some points label-heavy).
            int count = 1 + geometric(rng, s.avgLabelsPerPoint() - 1);
            count = Math.min(count, s.labels());
            if (labels.length < count) {
                labels = new int[count * 2];
            }
            int m = 0;
            while (m < count) {
                int l = perm[sample(cdf, rng.nextDouble())];
                boolean dup = false;
                for (int j = 0; j < m; j++) {
                    dup |= labels[j] == l;
                }
                if (!dup) {
                    labels[m++] = l;
                }
            }
            Arrays.sort(labels, 0, m);
            int nf = 0;
            int need = m * SIGNATURE + s.noiseFeatures();
            if (feats.length < need) {
                feats = new int[need * 2];
                vals = new float[need * 2];
            }
            for (int j = 0; j < m; j++) {
                y.add(labels[j], 1f);
                for (int f : sig[labels[j]]) {
                    feats[nf++] = f;
                }
            }
            for (int j = 0; j < s.noiseFeatures(); j++) {
                feats[nf++] = rng.nextInt(s.features());
            }
            y.endRow();
            texts.add(new TextRecord("p" + i, words(feats, nf), ""));
            Arrays.sort(feats, 0, nf);
            // Term counts -> sublinear tf, l2-normalised, rounded to 6 decimals like the bundled TF-IDF data.
            int u = 0;
            double norm = 0;
            for (int j = 0; j < nf; ) {
                int k = j;
                while (k < nf && feats[k] == feats[j]) {
                    k++;
                }
                feats[u] = feats[j];
                vals[u] = (float) (1 + Math.log(k - j));
                norm += (double) vals[u] * vals[u];
                u++;
                j = k;
            }
            double inv = 1 / Math.sqrt(norm);
            for (int j = 0; j < u; j++) {
                x.add(feats[j], (float) (Math.round(vals[j] * inv * 1e6) / 1e6));
            }
            x.endRow();
        }
        return new Split(x.build(), y.build(), texts);
    }

    private static int geometric(SplittableRandom rng, double mean) {
        if (mean <= 0) {
            return 0;
        }
        double p = 1 / (1 + mean);
        return (int) Math.floor(Math.log(1 - rng.nextDouble()) / Math.log(1 - p));
    }

    private static double[] powerLawCdf(int n, double alpha) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int l = 0; l < n; l++) {
            sum += Math.pow(l + 1, -alpha);
            cdf[l] = sum;
        }
        for (int l = 0; l < n; l++) {
            cdf[l] /= sum;
        }
        return cdf;
    }

    private static int sample(double[] cdf, double u) {
        int i = Arrays.binarySearch(cdf, u);
        return Math.min(i >= 0 ? i : -i - 1, cdf.length - 1);
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static String words(int[] feats, int n) {
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < n; j++) {
            if (j > 0) {
                b.append(' ');
            }
            b.append(word(feats[j]));
        }
        return b.toString();
    }

    /** A pronounceable, unique word per feature id (base-20 consonant-vowel syllables). */
    static String word(int f) {
        final String cons = "bdfgklmnprstvz";
        final String vow = "aeiou";
        StringBuilder b = new StringBuilder();
        int v = f;
        do {
            b.append(cons.charAt(v % cons.length()));
            v /= cons.length();
            b.append(vow.charAt(v % vow.length()));
            v /= vow.length();
        } while (v > 0);
        return b.toString();
    }
}
