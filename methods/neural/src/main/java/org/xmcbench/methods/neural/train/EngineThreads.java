package org.xmcbench.methods.neural.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The PyTorch engine's intra-op thread count. Kernels split their work by thread count, so rounding, and with it a
 * fine-tuning run, depends on it: with the same seed and the same count a CPU run repeats bit for bit (measured
 * with 1 and 2 threads over 40 steps, under a garbage collector forced to run often); another count gives another,
 * equally valid, run.
 */
public final class EngineThreads {
    private EngineThreads() {}

    /** Sets the intra-op threads ({@code <= 0}: all available processors). Takes effect for the next op. */
    public static void set(int threads) {
        Engine.getEngine("PyTorch"); // loads the native library before the JNI call
        JniUtils.setNumThreads(threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
    }

    public static int get() {
        Engine.getEngine("PyTorch");
        return JniUtils.getNumThreads();
    }
}
