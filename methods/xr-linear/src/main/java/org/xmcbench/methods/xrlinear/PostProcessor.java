package org.xmcbench.methods.xrlinear;

/**
 * PECOS's per-level score post-processors: a transform of the raw linear score and how it combines with the
 * parent's score along the beam. {@code lP-hinge}: exp(-max(0, 1 - z)^P), multiplied; {@code sigmoid}:
 * 1/(1+e^-z), multiplied; {@code log-sigmoid}: -log(1+e^-z), added; {@code log-lP-hinge}: -max(0,1-z)^P, added;
 * {@code noop}: the raw score, ignoring the parent.
 */
public enum PostProcessor {
    NOOP, SIGMOID, LOG_SIGMOID, L_HINGE, LOG_L_HINGE;

    public static Applied parse(String name) {
        if (name.equals("noop")) {
            return new Applied(NOOP, 0);
        }
        if (name.equals("sigmoid")) {
            return new Applied(SIGMOID, 0);
        }
        if (name.equals("log-sigmoid")) {
            return new Applied(LOG_SIGMOID, 0);
        }
        if (name.matches("log-l\\d+-hinge")) {
            return new Applied(LOG_L_HINGE, Integer.parseInt(name.replaceAll("\\D", "")));
        }
        if (name.matches("l\\d+-hinge")) {
            return new Applied(L_HINGE, Integer.parseInt(name.replaceAll("\\D", "")));
        }
        throw new IllegalArgumentException("unknown post_processor '" + name
                + "' (noop, sigmoid, log-sigmoid, lP-hinge, log-lP-hinge)");
    }

    /** A post-processor with its power (for the hinge variants). */
    public record Applied(PostProcessor kind, int power) {
        double combine(double parent, double raw) {
            return switch (kind) {
                case NOOP -> raw;
                case SIGMOID -> parent * (1 / (1 + Math.exp(-raw)));
                case LOG_SIGMOID -> parent + -Math.log1p(Math.exp(-raw));
                case L_HINGE -> parent * Math.exp(-pow(Math.max(0, 1 - raw)));
                case LOG_L_HINGE -> parent - pow(Math.max(0, 1 - raw));
            };
        }

        private double pow(double z) {
            return power == 3 ? z * z * z : power == 2 ? z * z : Math.pow(z, power);
        }

        /** The score of the root (identity of the combiner). */
        double rootScore() {
            return kind == LOG_SIGMOID || kind == LOG_L_HINGE ? 0 : 1;
        }
    }
}
