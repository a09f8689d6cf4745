package org.xmcbench.core.baselines;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.xmcbench.core.api.MethodDescriptor;
import org.xmcbench.core.api.MethodStrategy;
import org.xmcbench.core.api.ParamSpec;
import org.xmcbench.core.api.Params;
import org.xmcbench.core.api.Queries;
import org.xmcbench.core.api.RunContext;
import org.xmcbench.core.api.TrainedModel;
import org.xmcbench.core.data.TopK;
import org.xmcbench.core.data.XmcDataset;

/**
 * The floor every method must beat: predict the k most frequent train labels for every query (score = train
 * frequency / N). Deterministic; ties by ascending label id.
 */
public final class LabelPrior implements MethodStrategy {
    @Override
    public String id() {
        return "prior";
    }

    @Override
    public MethodDescriptor descriptor() {
        return new MethodDescriptor("Label-frequency prior", "baseline", 0,
                Set.of(MethodDescriptor.Input.TRAIN_LABELS), false, true);
    }

    @Override
    public ParamSpec fitParams() {
        return new ParamSpec();
    }

    @Override
    public ParamSpec queryParams() {
        return new ParamSpec();
    }

    /** The labels ranked by train frequency, with their scores. */
    record Model(int[] labels, float[] scores) implements TrainedModel {
        @Override
        public void save(Path dir) throws IOException {
            Files.createDirectories(dir);
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve("prior.bin")))) {
                out.writeInt(labels.length);
                for (int i = 0; i < labels.length; i++) {
                    out.writeInt(labels[i]);
                    out.writeFloat(scores[i]);
                }
            }
        }
    }

    @Override
    public TrainedModel fit(XmcDataset data, Params params, RunContext ctx) {
        try (RunContext.Phase p = ctx.phase("count")) {
            long[] freq = data.trainLabels().columnCounts();
            Integer[] order = new Integer[freq.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> freq[a] != freq[b] ? Long.compare(freq[b], freq[a])
                    : Integer.compare(a, b));
            int[] labels = new int[order.length];
            float[] scores = new float[order.length];
            double n = Math.max(1, data.trainLabels().rows());
            for (int i = 0; i < order.length; i++) {
                labels[i] = order[i];
                scores[i] = (float) (freq[order[i]] / n);
            }
            return new Model(labels, scores);
        }
    }

    @Override
    public TopK predict(TrainedModel model, Queries queries, int k, Params queryParams, RunContext ctx) {
        Model m = (Model) model;
        TopK out = new TopK(queries.size(), k);
        int top = Math.min(k, m.labels.length);
        for (int r = 0; r < queries.size(); r++) {
            for (int j = 0; j < top; j++) {
                out.set(r, j, m.labels[j], m.scores[j]);
            }
        }
        return out;
    }

    @Override
    public TrainedModel load(Path dir, RunContext ctx) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(dir.resolve("prior.bin")))) {
            int n = in.readInt();
            int[] labels = new int[n];
            float[] scores = new float[n];
            for (int i = 0; i < n; i++) {
                labels[i] = in.readInt();
                scores[i] = in.readFloat();
            }
            return new Model(labels, scores);
        }
    }
}
