package org.xmcbench.methods.neural.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.methods.neural.train.TinyEncoders;

/**
 * BERT's pooler ({@code pooler_output = tanh(W h_CLS + b)}), which PECOS's XR-Transformer feeds its heads for BERT and
 * RoBERTa: computed as Hugging Face computes it, saved and loaded under HF's names, and never silently absent.
 */
class BertPoolerTest {
    private static final List<String> TEXTS = List.of("a short text", "Qt 5 QML module with a longer title", "x");

    private static EncoderConfig tiny() {
        return new EncoderConfig(EncoderConfig.Architecture.BERT, 30522, 32, 2, 4, 64, 64, 2, 1e-12f, 0, 0.1f);
    }

    private static TextEncoder random(Pooling pooling) throws IOException {
        return TextEncoder.random(tiny(), TinyEncoders.miniLmTokenizer(), pooling, false, 16, Device.cpu(), 11);
    }

    @Test
    void theEmbeddingIsTanhOfTheDenseLayerOverTheClsState() throws IOException {
        try (TextEncoder enc = random(Pooling.POOLER)) {
            assertTrue(enc.block().hasPooler());
            List<long[]> ids = enc.tokenize(TEXTS);
            float[] pooled = enc.embedTokenized(ids, 8, null);
            int h = enc.dimension();
            float[] w = enc.block().parameter("pooler.dense.weight").getArray().toFloatArray();
            float[] b = enc.block().parameter("pooler.dense.bias").getArray().toFloatArray();
            try (NDManager m = enc.manager().newSubManager()) {
                for (int r = 0; r < ids.size(); r++) {
                    float[] hidden = enc.block().forward(new ParameterStore(m, false),
                            enc.batch(List.of(ids.get(r))).toNDList(m, enc.device()), false).singletonOrThrow()
                            .toFloatArray();
                    for (int i = 0; i < h; i++) {
                        double z = b[i];
                        for (int j = 0; j < h; j++) {
                            z += w[i * h + j] * hidden[j]; // row i of W (out x in) against the [CLS] state
                        }
                        assertEquals(Math.tanh(z), pooled[r * h + i], 1e-5, "text " + r + ", dimension " + i);
                    }
                }
            }
        }
    }

    @Test
    void thePoolerTrainsWithTheEncoder() throws IOException {
        try (TextEncoder enc = random(Pooling.POOLER);
             NDManager m = enc.manager().newSubManager();
             GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            gc.backward(enc.forward(m, enc.batch(enc.tokenize(TEXTS)), true).sum());
            for (String name : List.of("pooler.dense.weight", "encoder.layer.1.output.dense.weight")) {
                try (NDArray g = enc.block().parameter(name).getArray().getGradient()) {
                    assertTrue(g.abs().sum().getFloat() > 0, name + " received a gradient");
                }
            }
        }
    }

    @Test
    void thePoolerIsSavedAndLoadedUnderHuggingFaceNames(@TempDir Path tmp) throws IOException {
        float[] before;
        try (TextEncoder enc = random(Pooling.POOLER)) {
            before = enc.embed(TEXTS, 8);
            enc.save(tmp);
        }
        List<String> names = SafetensorsFile.read(tmp.resolve("model.safetensors")).values().stream()
                .map(NamedTensor::name).toList();
        assertTrue(names.contains("pooler.dense.weight") && names.contains("pooler.dense.bias"), names.toString());
        EncoderSpec spec = EncoderResolver.resolve(tmp.toString());
        assertEquals(Pooling.POOLER, spec.pooling());
        try (TextEncoder loaded = TextEncoder.load(spec, 16, Device.cpu())) {
            assertArrayEquals(before, loaded.embed(TEXTS, 8), 1e-6f);
        }
        // The same checkpoint pooled by [CLS]: its pooler is a head the encoder does not use, as before.
        try (TextEncoder cls = TextEncoder.load(spec.withPooling(Pooling.CLS), 16, Device.cpu())) {
            assertFalse(cls.block().hasPooler());
            assertFalse(java.util.Arrays.equals(before, cls.embed(TEXTS, 8)), "raw [CLS] is not the pooler output");
        }
    }

    @Test
    void aCheckpointWithoutAPoolerCannotPoolThroughOne(@TempDir Path tmp) throws IOException {
        try (TextEncoder enc = random(Pooling.CLS)) {
            enc.save(tmp);
        }
        EncoderSpec spec = EncoderResolver.resolve(tmp.toString()).withPooling(Pooling.POOLER);
        IOException e = assertThrows(IOException.class, () -> TextEncoder.load(spec, 16, Device.cpu()));
        assertTrue(e.getMessage().contains("pooler.dense.weight"), e.getMessage());
    }

    @Test
    void hfNamesOfThePoolerKeepTheirPlace() {
        assertEquals(Optional.of("pooler.dense.weight"), HfParameterNames.canonical("bert.pooler.dense.weight"));
        assertEquals(Optional.of("pooler.dense.bias"), HfParameterNames.canonical("roberta.pooler.dense.bias"));
        assertEquals(Optional.empty(), HfParameterNames.canonical("cls.predictions.bias"));
        assertEquals(Pooling.POOLER, Pooling.parse("pooler"));
    }
}
