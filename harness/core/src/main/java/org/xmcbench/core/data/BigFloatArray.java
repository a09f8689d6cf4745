package org.xmcbench.core.data;

import java.util.Arrays;

/**
 * A growable float array addressed by {@code long}: storage is split into chunks so that a matrix with more than
 * 2^31 non-zeros (Amazon-3M scale) never overflows a Java array. Almost every matrix fits in chunk 0, which the
 * JIT handles as cheaply as a plain array.
 */
public final class BigFloatArray {
    static final int DEFAULT_CHUNK_SHIFT = 30;

    private final int shift;
    private final long mask;
    private float[][] chunks;
    private long size;

    public BigFloatArray(long capacity) {
        this(capacity, DEFAULT_CHUNK_SHIFT);
    }

    /** Package-private chunk size so tests can prove that values straddling a chunk boundary are kept. */
    BigFloatArray(long capacity, int shift) {
        this.shift = shift;
        this.mask = (1L << shift) - 1;
        this.chunks = new float[0][];
        ensureCapacity(Math.max(capacity, 1));
    }

    /**
     * A copy of {@code values} split into chunks of {@code 2^chunkShift}: the layout of an array beyond 2^30
     * elements at a small size, for code and tests that must read such arrays through their chunks.
     */
    public static BigFloatArray chunked(float[] values, int chunkShift) {
        if (chunkShift < 1 || chunkShift > DEFAULT_CHUNK_SHIFT) {
            throw new IllegalArgumentException("chunk shift must be in [1, " + DEFAULT_CHUNK_SHIFT + "]");
        }
        BigFloatArray a = new BigFloatArray(values.length, chunkShift);
        for (int i = 0; i < values.length; i++) {
            a.set(i, values[i]);
        }
        a.setSize(values.length);
        return a;
    }

    public static BigFloatArray wrap(float[] values) {
        BigFloatArray a = new BigFloatArray(0);
        if (values.length > 0) {
            a.chunks = new float[][] {values};
        }
        a.size = values.length;
        return a;
    }

    public long size() {
        return size;
    }

    public float get(long i) {
        return chunks[(int) (i >>> shift)][(int) (i & mask)];
    }

    public void set(long i, float v) {
        chunks[(int) (i >>> shift)][(int) (i & mask)] = v;
    }

    public void add(float v) {
        if (size == capacity()) {
            ensureCapacity(size + 1);
        }
        set(size++, v);
    }

    /** Sets the logical size (after a bulk fill through {@link #set}); capacity must already be there. */
    public void setSize(long newSize) {
        ensureCapacity(newSize);
        size = newSize;
    }

    long capacity() {
        long c = 0;
        for (float[] chunk : chunks) {
            c += chunk.length;
        }
        return c;
    }

    /** Grows by half again (not doubling) so reading a big file stays within ~1.5x its final array size. */
    public void ensureCapacity(long needed) {
        long cap = capacity();
        if (needed <= cap) {
            return;
        }
        long target = Math.max(needed, cap + (cap >> 1) + 16);
        long chunkLen = 1L << shift;
        int lastFull = chunks.length;
        while (cap < target) {
            if (lastFull > 0 && chunks[lastFull - 1].length < chunkLen) {
                float[] last = chunks[lastFull - 1];
                long grown = Math.min(chunkLen, last.length + (target - cap));
                cap += grown - last.length;
                chunks[lastFull - 1] = Arrays.copyOf(last, (int) grown);
            } else {
                long len = Math.min(chunkLen, target - cap);
                chunks = Arrays.copyOf(chunks, chunks.length + 1);
                chunks[chunks.length - 1] = new float[(int) len];
                lastFull = chunks.length;
                cap += len;
            }
        }
    }

    /** The backing array when everything sits in one chunk (the common, fast case), else null. */
    public float[] singleChunkOrNull() {
        return chunks.length == 1 ? chunks[0] : chunks.length == 0 ? new float[0] : null;
    }
}
