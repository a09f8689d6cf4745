package org.xmcbench.methods.neural.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Puts checkpoint tensors into an initialised {@link TransformerEncoder}. Every parameter must be given exactly
 * once with its exact shape: a partial load would silently leave random weights in a "pre-trained" model, so any
 * gap is an error that names the checkpoint and the tensors (an encoder built with BERT's pooler needs the
 * checkpoint's {@code pooler.dense.*}).
 */
public final class EncoderWeights {
    private EncoderWeights() {}

    public static void load(TransformerEncoder block, Map<String, NamedTensor> checkpoint, String source)
            throws IOException {
        Map<String, NamedTensor> byCanonical = new LinkedHashMap<>();
        for (NamedTensor t : checkpoint.values()) {
            HfParameterNames.canonical(t.name()).ifPresent(n -> byCanonical.put(n, t.renamed(n)));
        }
        List<String> missing = new ArrayList<>();
        for (String name : block.parameterNames()) {
            NamedTensor t = byCanonical.remove(name);
            if (t == null) {
                missing.add(name);
                continue;
            }
            Parameter p = block.parameter(name);
            long[] expected = p.getArray().getShape().getShape();
            if (!Arrays.equals(expected, t.shape())) {
                throw new IOException(source + ": tensor '" + name + "' has shape " + Arrays.toString(t.shape())
                        + ", the model expects " + Arrays.toString(expected));
            }
            p.getArray().set(FloatBuffer.wrap(t.values()));
        }
        if (!missing.isEmpty()) {
            throw new IOException(source + ": " + missing.size() + " parameters are missing from the checkpoint, e.g. "
                    + missing.subList(0, Math.min(5, missing.size())));
        }
        // BERT's pooler is a head like any other for an encoder built without one.
        byCanonical.keySet().removeIf(n -> n.startsWith(TransformerEncoder.POOLER_PREFIX) && !block.hasPooler());
        if (!byCanonical.isEmpty()) {
            throw new IOException(source + ": tensors the model has no place for (wrong architecture or layer count?): "
                    + new TreeSet<>(byCanonical.keySet()).stream().limit(5).toList());
        }
    }

    /** The block's parameters as float32 tensors, in parameter order, named as the given architecture names them. */
    public static List<NamedTensor> export(TransformerEncoder block) {
        List<NamedTensor> out = new ArrayList<>();
        boolean distil = block.config().architecture() == EncoderConfig.Architecture.DISTILBERT;
        for (String name : block.parameterNames()) {
            NDArray a = block.parameter(name).getArray();
            String outName = distil ? HfParameterNames.toDistilBert(name) : name;
            out.add(new NamedTensor(outName, a.getShape().getShape(), a.toFloatArray()));
        }
        return out;
    }
}
