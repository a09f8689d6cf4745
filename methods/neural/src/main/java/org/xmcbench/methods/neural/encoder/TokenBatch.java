package org.xmcbench.methods.neural.encoder;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Token ids of a few texts padded to the longest of them (not to the model's maximum: short titles then cost
 * what they are), with the attention mask and token types that {@link TransformerEncoder} takes.
 */
public record TokenBatch(int size, int length, long[] ids, long[] mask, long[] types) {

    public static TokenBatch of(List<long[]> idRows, List<long[]> typeRows, long padId) {
        int len = 1;
        for (long[] r : idRows) {
            len = Math.max(len, r.length);
        }
        int n = idRows.size();
        long[] ids = new long[n * len];
        long[] mask = new long[n * len];
        long[] types = new long[n * len];
        for (int i = 0; i < n; i++) {
            long[] r = idRows.get(i);
            long[] t = typeRows.get(i);
            java.util.Arrays.fill(ids, i * len, (i + 1) * len, padId);
            for (int j = 0; j < r.length; j++) {
                ids[i * len + j] = r[j];
                mask[i * len + j] = 1;
                types[i * len + j] = t[j];
            }
        }
        return new TokenBatch(n, len, ids, mask, types);
    }

    /** One host-to-engine copy per array, on the given manager (so it is freed with the step). */
    public NDList toNDList(NDManager manager, Device device) {
        Shape s = new Shape(size, length);
        return new NDList(manager.create(ids, s).toDevice(device, false), manager.create(mask, s).toDevice(device,
                false), manager.create(types, s).toDevice(device, false));
    }
}
