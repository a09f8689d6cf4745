package org.xmcbench.methods.xrtransformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.api.Params;
import org.xmcbench.core.api.Presets;
import org.xmcbench.methods.neural.encoder.EncoderConfig;
import org.xmcbench.methods.neural.encoder.EncoderResolver;
import org.xmcbench.methods.neural.encoder.Pooling;
import org.xmcbench.methods.neural.encoder.TextEncoder;

/**
 * {@code pooling=pooler} (the BERT and RoBERTa presets: PECOS feeds the heads {@code pooler_output}) builds the
 * encoder with the checkpoint's pooler; {@code checkpoint} pools as the folder says, a plain HF folder by [CLS].
 */
class PoolingParamTest {
    private final XrTransformer method = new XrTransformer();

    /** A plain Hugging Face BERT folder (no pooling settings of ours) whose checkpoint carries pooler.dense.*. */
    private static Path plainBertFolder(Path dir) throws IOException {
        EncoderConfig tiny = new EncoderConfig(EncoderConfig.Architecture.BERT, 30522, 32, 2, 4, 64, 64, 2, 1e-12f, 0,
                0.1f);
        byte[] tokenizer = EncoderResolver.resolve(EncoderResolver.DEFAULT).tokenizerJson().read();
        try (TextEncoder enc = TextEncoder.random(tiny, tokenizer, Pooling.POOLER, false, 16, Device.cpu(), 1)) {
            enc.save(dir);
        }
        Files.delete(dir.resolve(TextEncoder.SETTINGS_FILE));
        return dir;
    }

    private Params params(Map<String, String> given) {
        return method.fitParams().resolve(Presets.expand(method, given));
    }

    @Test
    void poolerBuildsTheEncoderWithTheCheckpointsPooler(@TempDir Path tmp) throws IOException {
        String folder = plainBertFolder(tmp.resolve("bert")).toString();
        Params released = params(Map.of("preset", "eurlex-4k/bert", "encoder", folder));
        assertEquals(Pooling.POOLER, XrTransformer.encoderSpec(released).pooling());
        try (TextEncoder enc = TextEncoder.load(XrTransformer.encoderSpec(released), 16, Device.cpu())) {
            assertTrue(enc.block().hasPooler());
        }
        Params plain = params(Map.of("encoder", folder));
        assertEquals(Pooling.CLS, XrTransformer.encoderSpec(plain).pooling());
        try (TextEncoder enc = TextEncoder.load(XrTransformer.encoderSpec(plain), 16, Device.cpu())) {
            assertFalse(enc.block().hasPooler());
        }
    }

    @Test
    void anUnknownPoolingIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> XrTransformer.encoderSpec(params(Map.of("pooling", "cls"))));
        assertTrue(e.getMessage().contains("checkpoint or pooler"), e.getMessage());
    }
}
