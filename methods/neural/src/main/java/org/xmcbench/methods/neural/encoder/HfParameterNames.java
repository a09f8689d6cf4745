package org.xmcbench.methods.neural.encoder;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the parameter names of BERT, RoBERTa and DistilBERT checkpoints (with or without the model prefix, old
 * {@code gamma/beta} LayerNorm names) onto {@link TransformerEncoder}'s BERT names. Heads that an encoder does not
 * use ({@code cls.*}, {@code lm_head.*}, position-id buffers) map to nothing; BERT's pooler keeps its name
 * ({@code pooler.dense.*}), loaded only into an encoder built with one ({@link EncoderWeights}).
 */
public final class HfParameterNames {
    private static final Pattern DISTIL_LAYER = Pattern.compile("transformer\\.layer\\.(\\d+)\\.(.+)");

    private HfParameterNames() {}

    public static Optional<String> canonical(String name) {
        String n = name;
        for (String prefix : new String[] {"bert.", "roberta.", "distilbert.", "model.", "0.auto_model."}) {
            if (n.startsWith(prefix)) {
                n = n.substring(prefix.length());
            }
        }
        if (n.startsWith("pooler.") && !n.startsWith("pooler.dense.") || n.startsWith("cls.") || n.startsWith("lm_head.") || n.startsWith("vocab_")
                || n.endsWith("position_ids") || n.startsWith("qa_outputs") || n.startsWith("classifier")) {
            return Optional.empty();
        }
        n = n.replace("LayerNorm.gamma", "LayerNorm.weight").replace("LayerNorm.beta", "LayerNorm.bias");
        Matcher m = DISTIL_LAYER.matcher(n);
        if (m.matches()) {
            String rest = m.group(2)
                    .replace("attention.q_lin.", "attention.self.query.")
                    .replace("attention.k_lin.", "attention.self.key.")
                    .replace("attention.v_lin.", "attention.self.value.")
                    .replace("attention.out_lin.", "attention.output.dense.")
                    .replace("sa_layer_norm.", "attention.output.LayerNorm.")
                    .replace("ffn.lin1.", "intermediate.dense.")
                    .replace("ffn.lin2.", "output.dense.")
                    .replace("output_layer_norm.", "output.LayerNorm.");
            n = "encoder.layer." + m.group(1) + "." + rest;
        }
        return Optional.of(n);
    }

    /** The name a DistilBERT checkpoint uses for one of our parameters (so a saved model loads in HF). */
    public static String toDistilBert(String canonical) {
        if (!canonical.startsWith("encoder.layer.")) {
            return canonical;
        }
        return canonical.replaceFirst("^encoder\\.layer\\.", "transformer.layer.")
                .replace("attention.self.query.", "attention.q_lin.")
                .replace("attention.self.key.", "attention.k_lin.")
                .replace("attention.self.value.", "attention.v_lin.")
                .replace("attention.output.dense.", "attention.out_lin.")
                .replace("attention.output.LayerNorm.", "sa_layer_norm.")
                .replace("intermediate.dense.", "ffn.lin1.")
                .replace("output.dense.", "ffn.lin2.")
                .replace("output.LayerNorm.", "output_layer_norm.");
    }
}
