package org.xmcbench.methods.xrtransformer;

/**
 * What a fine-tuning level's output layer (and its bootstrap and negative mining) sees of an instance. PECOS feeds
 * its level heads the encoder's raw pooled output and l2-normalises only for the ranker
 * ({@code pecos/xmc/xtransformer/network.py}, {@code model.py}); on a unit-length input one optimiser step moves a
 * score by ~1e-3, so the encoder has to do all the fitting.
 */
enum HeadInput {
    /** The pooled output as the encoder gives it, before l2 normalisation (PECOS). */
    POOLED,
    /** The l2-normalised embedding (xmcbench before issue 23). */
    NORMALIZED;

    static final String PARAM = "head_input";

    String value() {
        return ParamChoice.value(this);
    }

    static HeadInput parse(String s) {
        return ParamChoice.parse(values(), PARAM, s);
    }
}
