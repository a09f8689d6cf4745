package org.xmcbench.methods.neural.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a constant for arrays that autograd records.
 *
 * <p>DJL's {@code x.mul(0.5f)} (and {@code div}, {@code maximum}, ...) wraps the number in an array that borrows a
 * Java direct buffer and closes that array as soon as the op returns. Autograd keeps the operand of a product, a
 * quotient or a maximum for the backward pass, so the backward later reads the buffer after the garbage collector
 * may have freed it: gradients then change from run to run, or turn NaN, depending on when the collector ran
 * (measured: same-seed training runs diverged, and always did with a small young generation). A scalar allocated by
 * the engine itself is reference-counted by PyTorch and stays valid for as long as the graph needs it.
 */
public final class EngineScalars {
    private EngineScalars() {}

    /** {@code x * value}. */
    public static NDArray mul(NDArray x, float value) {
        try (NDArray s = scalar(x, value)) {
            return x.mul(s);
        }
    }

    /** {@code x + value}. */
    public static NDArray add(NDArray x, float value) {
        try (NDArray s = scalar(x, value)) {
            return x.add(s);
        }
    }

    /** {@code x / value}. */
    public static NDArray div(NDArray x, float value) {
        try (NDArray s = scalar(x, value)) {
            return x.div(s);
        }
    }

    /** {@code max(x, value)} element-wise. */
    public static NDArray maximum(NDArray x, float value) {
        try (NDArray s = scalar(x, value)) {
            return x.maximum(s);
        }
    }

    /** {@code min(x, value)} element-wise. */
    public static NDArray minimum(NDArray x, float value) {
        try (NDArray s = scalar(x, value)) {
            return x.minimum(s);
        }
    }

    private static NDArray scalar(NDArray like, float value) {
        // manager.full allocates through PyTorch (torch::full); manager.create(Number) would borrow a Java buffer.
        return like.getManager().full(new Shape(), value, like.getDataType(), like.getDevice());
    }
}
