package org.xmcbench.methods.neural.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * AdamW against the update rule of PyTorch's documentation (decoupled decay, bias-corrected moments), computed here
 * in doubles on f(w) = sum(c * w^2), whose gradient 2cw is known in closed form.
 */
class AdamWTest {
    @Test
    void matchesPyTorchsDocumentedUpdate() {
        float[] w0 = {1.0f, -2.0f, 0.5f};
        float[] c = {0.3f, 1.5f, -0.7f};
        float lr = 0.05f;
        float wd = 0.1f;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            p.setArray(m.create(w0.clone()));
            p.getArray().setRequiresGradient(true);
            NDArray cArr = m.create(c);
            AdamW opt = AdamW.withDefaults(List.of(new ParamGroup(Map.of("w", p), 1f, wd)), m);
            double[] w = {w0[0], w0[1], w0[2]};
            double[] mm = new double[3];
            double[] vv = new double[3];
            for (int t = 1; t <= 5; t++) {
                try (NDManager step = m.newSubManager();
                     GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDArray loss = p.getArray().square().mul(cArr).sum();
                    gc.backward(loss);
                }
                opt.step(lr);
                for (int i = 0; i < 3; i++) {
                    double g = 2 * c[i] * w[i];
                    w[i] -= lr * wd * w[i];
                    mm[i] = 0.9 * mm[i] + 0.1 * g;
                    vv[i] = 0.999 * vv[i] + 0.001 * g * g;
                    double mh = mm[i] / (1 - Math.pow(0.9, t));
                    double vh = vv[i] / (1 - Math.pow(0.999, t));
                    w[i] -= lr * mh / (Math.sqrt(vh) + 1e-8);
                }
                float[] got = p.getArray().toFloatArray();
                for (int i = 0; i < 3; i++) {
                    assertEquals(w[i], got[i], 1e-5, "step " + t + " element " + i);
                }
            }
            opt.close();
        }
    }

    @Test
    void linearScheduleWarmsUpThenDecaysToZero() {
        LinearSchedule s = new LinearSchedule(1f, 4, 12);
        assertEquals(0.25f, s.at(0), 1e-7);
        assertEquals(1f, s.at(3), 1e-7);
        assertEquals(1f, s.at(4), 1e-7);
        assertEquals(0.5f, s.at(8), 1e-7);
        assertEquals(0.125f, s.at(11), 1e-7);
    }
}
