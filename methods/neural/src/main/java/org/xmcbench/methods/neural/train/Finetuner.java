package org.xmcbench.methods.neural.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.xmcbench.methods.neural.encoder.EngineScalars;

/**
 * The fine-tuning loop shared by the neural methods: gradient accumulation, global-norm clipping, AdamW with a
 * linear warm-up/decay schedule, periodic checkpoints and resume. Each micro-batch runs in its own child
 * {@link NDManager}, closed right after its backward pass, so native memory does not grow over an epoch.
 *
 * <p>Determinism: the engine's random seed is reset to {@code seed + step} before every step, so dropout masks
 * depend only on the step; with the data order a function of the step too, a CPU run is bit-for-bit repeatable
 * and a resumed run equals an uninterrupted one.
 */
public final class Finetuner {

    /** Settings of one fine-tuning run. */
    public record Settings(int steps, int accumulation, float learningRate, float warmupRatio, float weightDecay,
                           float clipNorm, int checkpointEvery, long seed) {
        public Settings {
            if (steps < 0 || accumulation < 1) {
                throw new IllegalArgumentException("steps must be >= 0 and accumulation >= 1");
            }
        }
    }

    /** Computes the loss of one micro-batch, building the graph on {@code manager}. */
    @FunctionalInterface
    public interface LossFunction {
        NDArray loss(NDManager manager, int step, int microBatch) throws IOException;
    }

    /** Called after each optimizer step. */
    @FunctionalInterface
    public interface StepListener {
        void afterStep(int step, float loss, float gradNorm, float learningRate) throws IOException;

        /** Called once before the first step, with the step a resumed run starts from (0 when fresh). */
        default void onStart(int firstStep) throws IOException {}
    }

    private final Settings settings;

    public Finetuner(Settings settings) {
        this.settings = settings;
    }

    /**
     * Trains {@code model}'s parameters that are not frozen (plus {@code extra}, e.g. a head that is not part of
     * the block) and returns the per-step losses. {@code checkpoints} may be null.
     */
    public List<Float> run(Block model, NDManager owner, List<ParamGroup> groups, LossFunction lossFn,
                           Checkpoints checkpoints, StepListener listener, BooleanSupplier cancelled)
            throws IOException {
        AdamW optimizer = AdamW.withDefaults(groups, owner);
        try {
            int start = 0;
            if (checkpoints != null) {
                start = checkpoints.resume(model, optimizer).orElse(0);
            }
            LinearSchedule schedule = new LinearSchedule(settings.learningRate(),
                    Math.round(settings.warmupRatio() * settings.steps()), settings.steps());
            List<Parameter> trainable = new ArrayList<>();
            for (ParamGroup g : groups) {
                trainable.addAll(g.parameters().values());
            }
            if (listener != null) {
                listener.onStart(start);
            }
            List<Float> losses = new ArrayList<>();
            Engine engine = Engine.getEngine("PyTorch");
            for (int step = start; step < settings.steps(); step++) {
                if (cancelled.getAsBoolean()) {
                    throw new java.util.concurrent.CancellationException("fine-tuning cancelled at step " + step);
                }
                engine.setRandomSeed((int) (settings.seed() * 1_000_003L + step));
                float loss = 0;
                for (int micro = 0; micro < settings.accumulation(); micro++) {
                    try (NDManager m = owner.newSubManager();
                         GradientCollector gc = engine.newGradientCollector()) {
                        NDArray l = lossFn.loss(m, step, micro);
                        if (settings.accumulation() > 1) {
                            l = EngineScalars.div(l, settings.accumulation());
                        }
                        gc.backward(l);
                        loss += l.getFloat();
                    }
                }
                float norm = GradientClipping.clipByGlobalNorm(trainable, settings.clipNorm());
                float lr = schedule.at(step);
                optimizer.step(lr);
                losses.add(loss);
                if (listener != null) {
                    listener.afterStep(step, loss, norm, lr);
                }
                if (checkpoints != null && settings.checkpointEvery() > 0
                        && (step + 1) % settings.checkpointEvery() == 0 && step + 1 < settings.steps()) {
                    checkpoints.save(step + 1, model, optimizer);
                }
            }
            return losses;
        } finally {
            optimizer.close();
        }
    }
}
