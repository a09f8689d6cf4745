package org.xmcbench.methods.neural.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xmcbench.methods.neural.train.TinyEncoders;

/** Training only the top layers from cached lower-layer states computes what the whole encoder computes. */
class LowerLayerCacheTest {
    private static final List<String> TEXTS = List.of("GNU C Library: Shared libraries",
            "Python 3 bindings for the GObject introspection library, with a longer title than the others",
            "Qt 5 QML module", "x", "evented I/O for V8 javascript - runtime executable");

    @Test
    void embeddingsFromTheCacheEqualTheFullForward() throws Exception {
        try (TextEncoder enc = TinyEncoders.create(3)) {
            List<long[]> ids = enc.tokenize(TEXTS);
            float[] full = enc.embedTokenized(ids, 2, null);
            LowerLayerCache cache = LowerLayerCache.build(enc, 1, ids, 2, null);
            assertEquals(TEXTS.size(), cache.size());
            float[] cached = cache.embedAll(3, null); // other batches, other padding: the same embeddings
            assertEquals(full.length, cached.length);
            for (int i = 0; i < full.length; i++) {
                assertEquals(full[i], cached[i], 1e-5f, "value " + i);
            }
            int[] some = {4, 0, 2};
            float[] subset = cache.embed(some, 2, null);
            int dim = enc.dimension();
            for (int r = 0; r < some.length; r++) {
                for (int j = 0; j < dim; j++) {
                    assertEquals(full[some[r] * dim + j], subset[r * dim + j], 1e-5f, "text " + some[r]);
                }
            }
        }
    }

    /**
     * The raw pooled output (what PECOS's level heads take) is the normalised embedding times its norm, from the whole
     * encoder and from the cache alike; the encoder's own setting (normalise) stays the default.
     */
    @Test
    void thePooledOutputBeforeNormalisationIsAvailableFromBothPaths() throws Exception {
        try (TextEncoder enc = TinyEncoders.create(6)) {
            List<long[]> ids = enc.tokenize(TEXTS);
            int dim = enc.dimension();
            float[] unit = enc.embedTokenized(ids, 2, null);
            float[] raw = enc.embedTokenized(ids, 2, null, false);
            float[] cachedRaw = LowerLayerCache.build(enc, 1, ids, 2, null).embed(new int[] {0, 1, 2, 3, 4}, 3, null,
                    false);
            for (int r = 0; r < TEXTS.size(); r++) {
                double norm = 0;
                for (int j = 0; j < dim; j++) {
                    norm += raw[r * dim + j] * raw[r * dim + j];
                }
                norm = Math.sqrt(norm);
                assertTrue(Math.abs(norm - 1) > 0.01, "text " + r + ": the raw output is not unit length: " + norm);
                for (int j = 0; j < dim; j++) {
                    assertEquals(unit[r * dim + j], raw[r * dim + j] / norm, 1e-5, "text " + r);
                    assertEquals(raw[r * dim + j], cachedRaw[r * dim + j], 1e-4, "text " + r + " from the cache");
                }
            }
        }
    }

    @Test
    void onlyTheTopLayersTrain() throws Exception {
        try (TextEncoder enc = TinyEncoders.create(4)) {
            LowerLayerCache cache = LowerLayerCache.build(enc, 1, enc.tokenize(TEXTS), 8, null);
            for (String n : enc.block().parameterNames()) {
                boolean top = n.startsWith("encoder.layer.1.");
                assertEquals(top, enc.block().parameter(n).requiresGradient(), n);
            }
            try (NDManager m = enc.manager().newSubManager();
                 GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray e = cache.forward(m, new int[] {0, 2, 4}, true);
                gc.backward(e.sum());
            }
            assertNotNull(enc.block().parameter("encoder.layer.1.attention.self.query.weight").getArray()
                    .getGradient());
            assertTrue(enc.block().parameter("encoder.layer.1.output.dense.weight").getArray().hasGradient());
            assertFalse(enc.block().parameter("encoder.layer.0.output.dense.weight").getArray().hasGradient());
        }
    }

    @Test
    void aSplitOutsideTheLayersIsRefused() throws Exception {
        try (TextEncoder enc = TinyEncoders.create(5)) {
            List<long[]> ids = enc.tokenize(TEXTS);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LowerLayerCache.build(enc, 2, ids, 8, null));
            assertTrue(e.getMessage().contains("1..1 of 2"), e.getMessage());
        }
    }
}
