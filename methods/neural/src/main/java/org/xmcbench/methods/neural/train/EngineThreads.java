package org.xmcbench.methods.neural.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The PyTorch engine's intra-op thread count. Measured here (libtorch 2.7.1 CPU): with 2 intra-op threads two
 * fine-tuning runs with the same seed drift apart after a few steps (every op on its own repeats exactly, so the
 * split of some parallel kernel varies between runs); with 1 thread they are bit-for-bit identical. Deterministic
 * runs therefore use one intra-op thread, and pay for it in speed.
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
