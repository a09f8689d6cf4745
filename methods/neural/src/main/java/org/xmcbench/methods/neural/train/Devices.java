package org.xmcbench.methods.neural.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.xmcbench.core.api.RunContext;

/**
 * Picks the engine device for a run: the GPU when the harness asked for one and the PyTorch engine can see it,
 * the CPU otherwise. The bundled libtorch is the CPU build; a GPU needs a CUDA libtorch from the user or the
 * container image, e.g. {@code PYTORCH_LIBRARY_PATH=/opt/libtorch/lib PYTORCH_FLAVOR=cu124} (see
 * methods/neural/README.md).
 */
public final class Devices {
    private Devices() {}

    public static Device forRun(RunContext ctx) {
        if (ctx.device() == RunContext.Device.GPU && Engine.getEngine("PyTorch").getGpuCount() > 0) {
            return Device.gpu();
        }
        return Device.cpu();
    }
}
