package org.xmcbench.methods.neural.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.methods.neural.dualencoder.ContrastiveLoss;
import org.xmcbench.methods.neural.encoder.TextEncoder;
import org.xmcbench.methods.neural.encoder.TokenBatch;

class FinetunerTest {
    @TempDir
    Path tmp;

    static final List<String> QUERIES = List.of("red apple pie recipe", "linux kernel module", "python web server",
            "chess opening theory", "jazz piano chords", "mountain bike repair", "french verb tables",
            "solar panel wiring");
    static final List<String> LABELS = List.of("baking desserts", "operating systems", "http frameworks",
            "board games", "music theory", "cycling maintenance", "language learning", "renewable energy");

    private static Finetuner.LossFunction inBatchLoss(TextEncoder enc) {
        List<long[]> q = enc.tokenize(QUERIES);
        List<long[]> l = enc.tokenize(LABELS);
        boolean[] none = new boolean[QUERIES.size() * QUERIES.size()];
        return (m, step, micro) -> {
            TokenBatch qb = enc.batch(q);
            TokenBatch lb = enc.batch(l);
            NDArray qe = enc.forward(m, qb, true);
            NDArray le = enc.forward(m, lb, true);
            return ContrastiveLoss.SOFTMAX.compute(m, qe, le, none, 0.1f, 0f);
        };
    }

    private static Map<String, Parameter> params(TextEncoder enc) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (String n : enc.block().parameterNames()) {
            out.put(n, enc.block().parameter(n));
        }
        return out;
    }

    // Two intra-op threads: repeatability must hold with parallel kernels, not only single-threaded.
    @org.junit.jupiter.api.BeforeAll
    static void twoThreads() {
        EngineThreads.set(2);
    }

    @org.junit.jupiter.api.AfterAll
    static void allThreads() {
        EngineThreads.set(0);
    }

    private static List<Float> train(int steps, Checkpoints cp, java.util.function.BooleanSupplier cancel)
            throws IOException {
        try (TextEncoder enc = TinyEncoders.create(7)) {
            Finetuner f = new Finetuner(new Finetuner.Settings(steps, 2, 1e-3f, 0.1f, 0.01f, 1f, 5, 11));
            return f.run(enc.block(), enc.manager(), ParamGroup.decayAndNoDecay(params(enc), 1f, 0.01f),
                    inBatchLoss(enc), cp, null, cancel);
        }
    }

    @Test
    void lossFallsAndSameSeedGivesIdenticalLosses() throws IOException {
        List<Float> a = train(40, null, () -> false);
        List<Float> b = train(40, null, () -> false);
        assertEquals(a, b, "same seed, same losses bit for bit");
        assertTrue(a.get(39) < 0.5f * a.get(0), "loss " + a.get(0) + " -> " + a.get(39));
    }

    @Test
    void resumedRunContinuesExactlyAsAnUninterruptedOne() throws IOException {
        List<Float> whole = train(20, null, () -> false);
        Checkpoints cp = new Checkpoints(tmp.resolve("cp"), "test-config");
        AtomicInteger calls = new AtomicInteger();
        assertThrows(CancellationException.class, () -> train(20, cp, () -> calls.incrementAndGet() > 13));
        assertTrue(Files.isDirectory(tmp.resolve("cp").resolve("step-10")), "checkpoint after step 10");
        List<Float> rest = train(20, cp, () -> false);
        assertEquals(10, rest.size(), "resumed at step 10");
        assertEquals(whole.subList(10, 20), rest);
        // A checkpoint of another configuration is not resumed.
        assertEquals(20, train(20, new Checkpoints(tmp.resolve("cp"), "other-config"), () -> false).size());
    }

    @Test
    void frozenWordEmbeddingsDoNotChange() throws IOException {
        try (TextEncoder enc = TinyEncoders.create(3)) {
            enc.block().freezeWordEmbeddings(true);
            float[] before = enc.block().parameter("embeddings.word_embeddings.weight").getArray().toFloatArray();
            float[] ln = enc.block().parameter("embeddings.LayerNorm.weight").getArray().toFloatArray();
            new Finetuner(new Finetuner.Settings(5, 1, 1e-2f, 0f, 0.01f, 1f, 0, 1)).run(enc.block(), enc.manager(),
                    ParamGroup.decayAndNoDecay(params(enc), 1f, 0.01f), inBatchLoss(enc), null, null, () -> false);
            float[] after = enc.block().parameter("embeddings.word_embeddings.weight").getArray().toFloatArray();
            assertTrue(java.util.Arrays.equals(before, after));
            float[] ln2 = enc.block().parameter("embeddings.LayerNorm.weight").getArray().toFloatArray();
            assertTrue(!java.util.Arrays.equals(ln, ln2), "other parameters train");
        }
    }

    /**
     * The backward pass must not read memory the garbage collector may free once the forward pass returned (DJL's
     * scalar operands borrow Java buffers; see EngineScalars). Between forward and backward the collector runs and
     * the freed small blocks are refilled with NaN bit patterns: the gradients must not change.
     */
    @Test
    void gradientsDoNotDependOnGarbageCollectionBetweenForwardAndBackward() throws Exception {
        try (TextEncoder enc = TinyEncoders.create(7)) {
            float[] quiet = layerZeroGradients(enc, false);
            float[] disturbed = layerZeroGradients(enc, true);
            assertTrue(java.util.Arrays.equals(quiet, disturbed), "gradients changed after a collection");
        }
    }

    private static float[] layerZeroGradients(TextEncoder enc, boolean collectAndScribble) throws Exception {
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed(5);
        List<java.nio.ByteBuffer> scribbles = new ArrayList<>();
        try (NDManager m = enc.manager().newSubManager(); GradientCollector gc = engine.newGradientCollector()) {
            NDArray loss = inBatchLoss(enc).loss(m, 0, 0);
            if (collectAndScribble) {
                for (int i = 0; i < 3; i++) {
                    System.gc();
                    Thread.sleep(50); // direct buffers are freed by the cleaner thread after the collection
                }
                for (int i = 0; i < 20_000; i++) {
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(4 + (i % 4) * 4);
                    while (b.hasRemaining()) {
                        b.put((byte) 0xFF);
                    }
                    scribbles.add(b);
                }
            }
            gc.backward(loss);
        }
        Parameter query = enc.block().parameter("encoder.layer.0.attention.self.query.weight");
        try (NDArray g = query.getArray().getGradient()) {
            float[] out = g.toFloatArray();
            g.subi(g);
            for (String n : enc.block().parameterNames()) {
                NDArray w = enc.block().parameter(n).getArray();
                if (w.hasGradient()) {
                    try (NDArray other = w.getGradient()) {
                        other.subi(other);
                    }
                }
            }
            return out;
        }
    }

    /**
     * Native memory must not grow with steps: every step's arrays are freed with its manager. The allocator keeps
     * and returns freed blocks in bursts, so a single reading swings by about 120 MiB from step to step (measured
     * over 2,000 steps: between 230 and 370 MiB, with no trend); a leak raises the floor. The test compares the
     * lowest reading of steps 100-250 with that of steps 350-500.
     */
    @Test
    void nativeMemoryIsFlatOver500Steps() throws IOException {
        try (TextEncoder enc = TinyEncoders.create(5)) {
            long[] floor = {Long.MAX_VALUE, Long.MAX_VALUE};
            List<Integer> managed = new ArrayList<>();
            Finetuner.StepListener probe = (step, loss, norm, lr) -> {
                int window = step >= 100 && step < 250 ? 0 : step >= 350 ? 1 : -1;
                if (window >= 0 && step % 5 == 0) {
                    // The JVM heap is part of RSS and grows with garbage: count native memory only.
                    System.gc();
                    floor[window] = Math.min(floor[window], residentBytes() - Runtime.getRuntime().totalMemory());
                }
                if (step == 249 || step == 499) {
                    managed.add(enc.manager().getManagedArrays().size());
                }
            };
            new Finetuner(new Finetuner.Settings(500, 1, 1e-3f, 0.1f, 0.01f, 1f, 0, 2)).run(enc.block(),
                    enc.manager(), ParamGroup.decayAndNoDecay(params(enc), 1f, 0.01f), inBatchLoss(enc), null, probe,
                    () -> false);
            assertEquals(managed.get(0), managed.get(1), "arrays held by the model's manager");
            long growth = floor[1] - floor[0];
            assertTrue(growth < 16L << 20, "native memory floor rose by " + (growth >> 20) + " MiB from steps "
                    + "100-250 to 350-500");
        }
    }

    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no VmRSS");
    }
}
