package org.xmcbench.methods.neural.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
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

    @org.junit.jupiter.api.BeforeAll
    static void deterministicThreads() {
        EngineThreads.set(1);
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
     * Native memory must not grow with steps: every step's arrays are freed with its manager. The allocator's
     * arenas fill during the first couple of hundred steps, so the bound applies from step 250 to 500.
     */
    @Test
    void nativeMemoryIsFlatOver500Steps() throws IOException {
        try (TextEncoder enc = TinyEncoders.create(5)) {
            List<Long> rss = new ArrayList<>();
            List<Integer> managed = new ArrayList<>();
            Finetuner.StepListener probe = (step, loss, norm, lr) -> {
                if (step == 249 || step == 499) {
                    // The JVM heap is part of RSS and grows with garbage: count native memory only.
                    System.gc();
                    rss.add(residentBytes() - Runtime.getRuntime().totalMemory());
                    managed.add(enc.manager().getManagedArrays().size());
                }
            };
            new Finetuner(new Finetuner.Settings(500, 1, 1e-3f, 0.1f, 0.01f, 1f, 0, 2)).run(enc.block(),
                    enc.manager(), ParamGroup.decayAndNoDecay(params(enc), 1f, 0.01f), inBatchLoss(enc), null, probe,
                    () -> false);
            assertEquals(managed.get(0), managed.get(1), "arrays held by the model's manager");
            long growth = rss.get(1) - rss.get(0);
            assertTrue(growth < 16L << 20, "native RSS grew by " + (growth >> 20) + " MiB between steps 250 and 500");
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
