package org.xmcbench.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.xmcbench.methods.neural.dualencoder.ContrastiveLoss;
import org.xmcbench.methods.neural.encoder.EncoderResolver;
import org.xmcbench.methods.neural.encoder.TextEncoder;
import org.xmcbench.methods.neural.encoder.TokenBatch;
import org.xmcbench.methods.neural.train.EngineThreads;
import org.xmcbench.methods.neural.train.Finetuner;
import org.xmcbench.methods.neural.train.ParamGroup;

/**
 * One dual-encoder fine-tuning step of the shipped all-MiniLM-L6-v2, the setting of the neural-stack issue: 32
 * queries and their 32 positive labels, 32 tokens each (random ids in [1000, 30000), full attention mask), in-batch
 * softmax loss (temperature 0.05), backward, global-norm clip 1.0, AdamW (lr 2e-5, decay 0.01). Each invocation
 * runs {@code STEPS} steps through {@link Finetuner}, so its time / STEPS is the step time. The same step in
 * PyTorch eager mode is the reference (see methods/neural/README.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Dai.djl.offline=true"})
@Warmup(iterations = 1, batchSize = 1)
@Measurement(iterations = 3, batchSize = 1)
public class FinetuneStepBenchmark {
    static final int STEPS = 10;
    static final int BATCH = 32;
    static final int LENGTH = 32;

    @Param({"1", "2"})
    public int threads;

    @Param({"true", "false"})
    public boolean freezeWordEmbeddings;

    TextEncoder encoder;
    TokenBatch queries;
    TokenBatch labels;
    Map<String, Parameter> params;

    @Setup
    public void setUp() throws IOException {
        EngineThreads.set(threads);
        encoder = TextEncoder.load(EncoderResolver.resolve(EncoderResolver.DEFAULT), LENGTH, Device.cpu());
        encoder.block().freezeWordEmbeddings(freezeWordEmbeddings);
        SplittableRandom r = new SplittableRandom(1);
        queries = encoder.batch(randomIds(r));
        labels = encoder.batch(randomIds(r));
        params = new LinkedHashMap<>();
        for (String n : encoder.block().parameterNames()) {
            params.put(n, encoder.block().parameter(n));
        }
    }

    static List<long[]> randomIds(SplittableRandom r) {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            out.add(r.longs(LENGTH, 1000, 30000).toArray());
        }
        return out;
    }

    @Benchmark
    public List<Float> steps() throws IOException {
        boolean[] none = new boolean[BATCH * BATCH];
        Finetuner.LossFunction loss = (m, step, micro) -> {
            NDArray q = encoder.forward(m, queries, true);
            NDArray l = encoder.forward(m, labels, true);
            return ContrastiveLoss.SOFTMAX.compute(m, q, l, none, 0.05f, 0f);
        };
        return new Finetuner(new Finetuner.Settings(STEPS, 1, 2e-5f, 0f, 0.01f, 1f, 0, 1)).run(encoder.block(),
                encoder.manager(), ParamGroup.decayAndNoDecay(params, 1f, 0.01f), loss, null, null, () -> false);
    }

    @TearDown
    public void tearDown() {
        encoder.close();
    }
}
