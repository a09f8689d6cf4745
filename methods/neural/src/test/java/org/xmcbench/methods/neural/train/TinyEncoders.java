package org.xmcbench.methods.neural.train;

import ai.djl.Device;
import java.io.IOException;
import java.io.InputStream;
import org.xmcbench.methods.neural.encoder.EncoderConfig;
import org.xmcbench.methods.neural.encoder.Pooling;
import org.xmcbench.methods.neural.encoder.TextEncoder;

/** A small randomly initialised BERT with MiniLM's tokenizer: fast enough for hundreds of steps in a test. */
public final class TinyEncoders {
    private TinyEncoders() {}

    public static byte[] miniLmTokenizer() throws IOException {
        try (InputStream in = TinyEncoders.class.getClassLoader()
                .getResourceAsStream("all-minilm-l6-v2-tokenizer.json")) {
            return in.readAllBytes();
        }
    }

    public static TextEncoder create(long seed) throws IOException {
        EncoderConfig cfg = new EncoderConfig(EncoderConfig.Architecture.BERT, 30522, 32, 2, 4, 64, 64, 2, 1e-12f,
                0, 0.1f);
        return TextEncoder.random(cfg, miniLmTokenizer(), Pooling.MEAN, true, 16, Device.cpu(), seed);
    }
}
