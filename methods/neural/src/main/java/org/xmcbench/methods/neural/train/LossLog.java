package org.xmcbench.methods.neural.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What run.json keeps of a fine-tuning run's per-step losses: the mean over the first and the last tenth of the
 * steps (is the loss going down?) and a curve of at most about 20 means over equal runs of steps.
 */
public final class LossLog {
    private LossLog() {}

    public static Map<String, Object> summary(List<Float> losses) {
        Map<String, Object> out = new LinkedHashMap<>();
        int tenth = Math.max(1, losses.size() / 10);
        out.put("loss_first_tenth", mean(losses, 0, Math.min(tenth, losses.size())));
        out.put("loss_last_tenth", mean(losses, Math.max(0, losses.size() - tenth), losses.size()));
        List<Double> curve = new ArrayList<>();
        int every = Math.max(1, losses.size() / 20);
        for (int from = 0; from < losses.size(); from += every) {
            curve.add(mean(losses, from, Math.min(losses.size(), from + every)));
        }
        out.put("loss_curve_every", every);
        out.put("loss_curve", curve);
        return out;
    }

    /** Mean of {@code v[from, to)}, NaN when empty. */
    public static double mean(List<Float> v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v.get(i);
        }
        return to > from ? s / (to - from) : Double.NaN;
    }
}
