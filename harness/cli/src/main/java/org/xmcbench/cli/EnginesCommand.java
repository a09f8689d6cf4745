package org.xmcbench.cli;

import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code xmc engines}: loads the native engines the neural methods use and says what was found. Loading unpacks
 * their native libraries into {@code DJL_CACHE_DIR}: the harness image runs this at build time, so its containers
 * start with the natives in place on a read-only file system, and a failure here fails the image build, not a run.
 */
@Command(name = "engines", mixinStandardHelpOptions = true,
        description = "Load the PyTorch engine (through DJL) and the Hugging Face tokenizers; print versions, "
                + "flavour, GPUs and the native cache folder.")
final class EnginesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        Engine torch = Engine.getEngine("PyTorch");
        System.out.println("DJL " + Engine.getDjlVersion() + ", engine " + torch.getEngineName() + " "
                + torch.getVersion() + ", GPUs visible: " + torch.getGpuCount());
        ai.djl.huggingface.tokenizers.jni.LibUtils.checkStatus();
        System.out.println("Hugging Face tokenizers: loaded");
        System.out.println("native cache: " + Utils.getEngineCacheDir());
        return 0;
    }
}
