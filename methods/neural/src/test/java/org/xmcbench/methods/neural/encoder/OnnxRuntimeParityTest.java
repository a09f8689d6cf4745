package org.xmcbench.methods.neural.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.NoopTranslator;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DJL encoder with the shipped all-MiniLM-L6-v2 weights must give the sentence embeddings that ONNX Runtime
 * gives when it runs the original ONNX graph on the same tokens: an independent implementation of the same model.
 */
class OnnxRuntimeParityTest {
    static final List<String> TEXTS = List.of(
            "A man is eating food.",
            "A man is eating a piece of bread.",
            "Real-time strategy game of ancient warfare (common data files)",
            "x",
            "GNU C Library: Shared libraries, with a somewhat longer description that needs more word pieces");

    @TempDir
    static Path tmp;
    static float[][] reference;

    /** ONNX Runtime's last_hidden_state, mean-pooled over the mask and l2-normalised here in plain Java. */
    @BeforeAll
    static void runOnnxRuntime() throws Exception {
        Path model = tmp.resolve("ort");
        Files.createDirectories(model);
        try (InputStream in = OnnxRuntimeParityTest.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2.onnx")) {
            Files.copy(in, model.resolve("minilm.onnx"), StandardCopyOption.REPLACE_EXISTING);
        }
        HuggingFaceTokenizer tok;
        try (InputStream in = OnnxRuntimeParityTest.class.getClassLoader()
                .getResourceAsStream("all-minilm-l6-v2-tokenizer.json")) {
            tok = HuggingFaceTokenizer.newInstance(in, Map.of("padding", "true", "truncation", "true",
                    "maxLength", "128"));
        }
        reference = new float[TEXTS.size()][];
        try (Model m = Model.newInstance("minilm", "OnnxRuntime");
             NDManager pt = NDManager.newBaseManager("PyTorch")) {
            m.load(model, "minilm");
            try (Predictor<NDList, NDList> p = m.newPredictor(new NoopTranslator())) {
                for (int t = 0; t < TEXTS.size(); t++) {
                    Encoding e = tok.encode(TEXTS.get(t));
                    long[] ids = e.getIds();
                    NDManager om = m.getNDManager().newSubManager();
                    NDArray a = om.create(new long[][] {ids});
                    a.setName("input_ids");
                    NDArray b = om.create(new long[][] {e.getAttentionMask()});
                    b.setName("attention_mask");
                    NDArray c = om.create(new long[][] {e.getTypeIds()});
                    c.setName("token_type_ids");
                    float[] hidden = p.predict(new NDList(a, b, c)).get(0).toFloatArray();
                    om.close();
                    int dim = hidden.length / ids.length;
                    float[] mean = new float[dim];
                    for (int s = 0; s < ids.length; s++) {
                        for (int d = 0; d < dim; d++) {
                            mean[d] += hidden[s * dim + d] / ids.length;
                        }
                    }
                    double norm = 0;
                    for (float v : mean) {
                        norm += v * v;
                    }
                    for (int d = 0; d < dim; d++) {
                        mean[d] /= (float) Math.sqrt(norm);
                    }
                    reference[t] = mean;
                }
            }
        }
    }

    @Test
    void djlEncoderEqualsOnnxRuntimeWithPaddedBatches() throws Exception {
        try (TextEncoder enc = TextEncoder.load(EncoderResolver.resolve(EncoderResolver.DEFAULT), 128, Device.cpu())) {
            float[] ours = enc.embed(TEXTS, 3); // batches mix lengths, so padding and the mask are exercised
            int dim = enc.dimension();
            assertEquals(384, dim);
            double maxDiff = 0;
            for (int t = 0; t < TEXTS.size(); t++) {
                for (int d = 0; d < dim; d++) {
                    maxDiff = Math.max(maxDiff, Math.abs(ours[t * dim + d] - reference[t][d]));
                }
            }
            assertTrue(maxDiff <= 1e-5, "max |diff| vs ONNX Runtime = " + maxDiff);
            // The published sentence-transformers similarity of the first two sentences.
            double cos = 0;
            for (int d = 0; d < dim; d++) {
                cos += ours[d] * ours[dim + d];
            }
            assertEquals(0.7553, cos, 5e-4);
        }
    }

    @Test
    void savedFolderReloadsThroughSafetensorsWithIdenticalEmbeddings() throws Exception {
        Path saved = tmp.resolve("saved");
        float[] before;
        try (TextEncoder enc = TextEncoder.load(EncoderResolver.resolve(EncoderResolver.DEFAULT), 64, Device.cpu())) {
            before = enc.embed(TEXTS, 8);
            enc.save(saved);
        }
        EncoderSpec spec = EncoderResolver.resolve(saved.toString());
        assertEquals(Pooling.MEAN, spec.pooling());
        assertTrue(spec.normalize());
        try (TextEncoder enc = TextEncoder.load(spec, 64, Device.cpu())) {
            float[] after = enc.embed(TEXTS, 8);
            for (int i = 0; i < before.length; i++) {
                assertEquals(before[i], after[i], 0f, "value " + i);
            }
        }
    }
}
