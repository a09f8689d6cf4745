package org.xmcbench.methods.neural.encoder;

import java.util.Arrays;

/** A checkpoint tensor read into float32, row-major, with its shape: what every weight format reduces to. */
public record NamedTensor(String name, long[] shape, float[] values) {
    public NamedTensor {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + n
                    + " values, got " + values.length);
        }
    }

    /** The 2-d transpose: ONNX exports store Linear weights as [in, out], HF and DJL as [out, in]. */
    public NamedTensor transposed(String newName) {
        if (shape.length != 2) {
            throw new IllegalArgumentException(name + " is not a matrix: " + Arrays.toString(shape));
        }
        int r = (int) shape[0];
        int c = (int) shape[1];
        float[] t = new float[values.length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                t[j * r + i] = values[i * c + j];
            }
        }
        return new NamedTensor(newName, new long[] {c, r}, t);
    }

    public NamedTensor renamed(String newName) {
        return new NamedTensor(newName, shape, values);
    }
}
