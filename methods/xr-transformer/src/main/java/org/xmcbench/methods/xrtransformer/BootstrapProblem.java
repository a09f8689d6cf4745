package org.xmcbench.methods.xrtransformer;

/**
 * The linear problem a fine-tuning level's output layer is bootstrapped from (with {@code bootstrap=linear} or
 * {@code weighted-linear}), on the previous encoder's embeddings of the level's instances.
 */
enum BootstrapProblem {
    /**
     * PECOS ({@code matcher.py}, {@code network.py}): the first level starts from random rows N(0, 0.02); each level
     * below is one linear problem on its own matching matrix (each cluster against the instances whose shortlist
     * holds its siblings: teacher-forced and matcher-aware), Cp = Cn = 100, no weight threshold;
     * {@code weighted-linear} weighs positives by their raw label counts.
     */
    LEVEL,
    /**
     * xmcbench before issue 23: XR-Linear trained on the whole tree truncated at the level (teacher-forced
     * negatives only), Cp = Cn = 1, l1-normalised relevance for {@code weighted-linear}, of which the level's
     * classifiers are kept (the first level bootstrapped too).
     */
    CHAIN;

    static final String PARAM = "bootstrap_problem";

    String value() {
        return ParamChoice.value(this);
    }

    static BootstrapProblem parse(String s) {
        return ParamChoice.parse(values(), PARAM, s);
    }
}
