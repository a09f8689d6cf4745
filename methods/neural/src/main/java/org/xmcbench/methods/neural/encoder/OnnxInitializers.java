package org.xmcbench.methods.neural.encoder;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the weights of a BERT-family ONNX export (the form in which the offline default encoder ships). Named
 * initializers ({@code embeddings.*}, biases, LayerNorms) keep their names; the exporters leave Linear weights
 * anonymous ({@code onnx::MatMul_787}, stored [in, out]), so those are named after the MatMul node that consumes
 * them ({@code /encoder/layer.0/attention/self/query/MatMul} → {@code encoder.layer.0.attention.self.query.weight})
 * and transposed to [out, in].
 */
public final class OnnxInitializers {
    private OnnxInitializers() {}

    public static Map<String, NamedTensor> read(InputStream in, String source) throws IOException {
        CodedInputStream cis = CodedInputStream.newInstance(in);
        cis.setSizeLimit(Integer.MAX_VALUE); // models are larger than protobuf's 64 MB default
        OnnxMl.ModelProto model;
        try {
            model = OnnxMl.ModelProto.parseFrom(cis);
        } catch (IOException e) {
            throw new IOException(source + ": not an ONNX model: " + e.getMessage(), e);
        }
        OnnxMl.GraphProto graph = model.getGraph();
        Map<String, String> matmulNodeOfWeight = new HashMap<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("MatMul") && node.getInputCount() == 2) {
                matmulNodeOfWeight.put(node.getInput(1), node.getName());
            }
        }
        Map<String, NamedTensor> out = new LinkedHashMap<>();
        for (OnnxMl.TensorProto t : graph.getInitializerList()) {
            if (t.getDataType() != OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
                continue; // shape constants and the like
            }
            NamedTensor tensor = toTensor(t, source);
            String node = matmulNodeOfWeight.get(t.getName());
            if (node != null && tensor.shape().length == 2) {
                String name = node.replaceFirst("^/", "").replace('/', '.').replaceFirst("\\.MatMul$", "")
                        + ".weight";
                tensor = tensor.transposed(name);
            }
            out.put(tensor.name(), tensor);
        }
        return out;
    }

    private static NamedTensor toTensor(OnnxMl.TensorProto t, String source) throws IOException {
        long[] shape = new long[t.getDimsCount()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.getDims(i);
            count *= shape[i];
        }
        float[] v = new float[Math.toIntExact(count)];
        if (!t.getRawData().isEmpty()) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            if (b.remaining() != 4L * count) {
                throw new IOException(source + ": initializer '" + t.getName() + "' has " + b.remaining()
                        + " bytes for " + count + " floats");
            }
            b.asFloatBuffer().get(v);
        } else if (t.getFloatDataCount() == count) {
            for (int i = 0; i < v.length; i++) {
                v[i] = t.getFloatData(i);
            }
        } else {
            throw new IOException(source + ": initializer '" + t.getName() + "' keeps its data outside the file"
                    + " (external data is not supported)");
        }
        return new NamedTensor(t.getName(), shape, v);
    }
}
