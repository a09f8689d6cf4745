package org.xmcbench.methods.neural.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter), as PyTorch's {@code AdamW}: the decay shrinks the
 * weights directly instead of being added to the gradient. Written here rather than using DJL's optimizer because
 * fine-tuning recipes need per-group settings (no decay on biases and LayerNorm, a different learning rate for a
 * head) and a state that a checkpoint can save and restore.
 */
public final class AdamW {
    private final List<ParamGroup> groups;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final NDManager stateManager;
    private final Map<String, NDArray[]> state = new LinkedHashMap<>();
    private long step;

    public AdamW(List<ParamGroup> groups, float beta1, float beta2, float eps, NDManager owner) {
        this.groups = List.copyOf(groups);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.stateManager = owner.newSubManager();
    }

    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8. */
    public static AdamW withDefaults(List<ParamGroup> groups, NDManager owner) {
        return new AdamW(groups, 0.9f, 0.999f, 1e-8f, owner);
    }

    public long stepCount() {
        return step;
    }

    public List<ParamGroup> groups() {
        return groups;
    }

    /**
     * One update of every parameter that has a gradient, with the scheduled learning rate {@code lr} (scaled per
     * group); then the gradients are zeroed for the next step.
     */
    public void step(float lr) {
        step++;
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (ParamGroup g : groups) {
                float groupLr = lr * g.lrScale();
                for (Map.Entry<String, Parameter> e : g.parameters().entrySet()) {
                    NDArray w = e.getValue().getArray();
                    if (!w.hasGradient()) {
                        continue;
                    }
                    NDArray grad = w.getGradient();
                    NDArray[] mv = state.computeIfAbsent(e.getKey(), k -> newState(w));
                    if (g.weightDecay() > 0) {
                        w.muli(1 - groupLr * g.weightDecay());
                    }
                    mv[0].muli(beta1).addi(grad.mul(1 - beta1));
                    mv[1].muli(beta2).addi(grad.square().muli(1 - beta2));
                    NDArray denom = mv[1].sqrt().divi(bc2Sqrt).addi(eps);
                    w.subi(mv[0].div(denom).muli(groupLr / bc1));
                    grad.subi(grad); // zero for the next step (backward accumulates)
                }
            }
        }
    }

    private NDArray[] newState(NDArray w) {
        NDArray m = stateManager.zeros(w.getShape(), w.getDataType(), w.getDevice());
        NDArray v = stateManager.zeros(w.getShape(), w.getDataType(), w.getDevice());
        NDScope.unregister(m, v); // state outlives the step's scope
        return new NDArray[] {m, v};
    }

    /** Writes the step count and the moment estimates (DJL's NDList encoding). */
    public void save(OutputStream out) throws IOException {
        NDList list = new NDList();
        for (Map.Entry<String, NDArray[]> e : state.entrySet()) {
            NDArray m = e.getValue()[0];
            NDArray v = e.getValue()[1];
            m.setName(e.getKey() + "#m");
            v.setName(e.getKey() + "#v");
            list.add(m);
            list.add(v);
        }
        NDArray stepArray = stateManager.create(new long[] {step});
        stepArray.setName("#step");
        list.add(stepArray);
        list.encode(out);
        stepArray.close();
    }

    public void load(InputStream in) throws IOException {
        NDList list = NDList.decode(stateManager, in);
        state.clear();
        for (NDArray a : list) {
            String n = a.getName();
            if (n.equals("#step")) {
                step = a.toLongArray()[0];
            } else if (n.endsWith("#m")) {
                state.computeIfAbsent(n.substring(0, n.length() - 2), k -> new NDArray[2])[0] = a;
            } else if (n.endsWith("#v")) {
                state.computeIfAbsent(n.substring(0, n.length() - 2), k -> new NDArray[2])[1] = a;
            } else {
                throw new IOException("optimizer state has an unknown array '" + n + "'");
            }
        }
    }

    /** Frees the moment estimates. */
    public void close() {
        stateManager.close();
    }
}
