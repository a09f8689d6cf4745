package org.xmcbench.methods.neural.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format that Hugging Face model folders use ({@code model.safetensors}): an
 * 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and byte range, then the raw
 * little-endian data. Written by hand: the format is a page long and no pinned Java library reads it.
 * F32, F16 and BF16 tensors are read (converted to float32); other dtypes are an error naming the tensor.
 */
public final class SafetensorsFile {
    private static final long MAX_HEADER = 100L << 20;

    private SafetensorsFile() {}

    public static Map<String, NamedTensor> read(Path file) throws IOException {
        Map<String, NamedTensor> out = new LinkedHashMap<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new IOException(file + ": not a safetensors file (only " + size + " bytes)");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.getLong(0);
            if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
                throw new IOException(file + ": header length " + headerLen + " is impossible for a file of "
                        + size + " bytes");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, 8);
            JsonNode header;
            try {
                header = new ObjectMapper().readTree(new String(hb.array(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IOException(file + ": header is not valid JSON: " + e.getMessage(), e);
            }
            long dataStart = 8 + headerLen;
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                out.put(e.getKey(), readTensor(file, ch, dataStart, size, e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    private static NamedTensor readTensor(Path file, FileChannel ch, long dataStart, long size, String name,
                                          JsonNode spec) throws IOException {
        String where = file + ": tensor '" + name + "'";
        String dtype = spec.path("dtype").asText("");
        JsonNode shapeNode = spec.path("shape");
        JsonNode offsets = spec.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new IOException(where + ": missing shape or data_offsets");
        }
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong();
            count *= shape[i];
        }
        int width = switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            default -> throw new IOException(where + ": dtype " + dtype + " is not supported (F32, F16, BF16)");
        };
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        if (end - begin != count * width || begin < 0 || dataStart + end > size) {
            throw new IOException(where + ": byte range [" + begin + ", " + end + ") does not hold " + count + " "
                    + dtype + " values within the file");
        }
        if (count > Integer.MAX_VALUE) {
            throw new IOException(where + ": " + count + " values exceed one Java array");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, buf, dataStart + begin);
        float[] v = new float[(int) count];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (dtype) {
                case "F32" -> buf.getFloat(i * 4);
                case "F16" -> halfToFloat(buf.getShort(i * 2));
                default -> Float.intBitsToFloat((buf.getShort(i * 2) & 0xffff) << 16);
            };
        }
        return new NamedTensor(name, shape, v);
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal: mant * 2^-24
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos + buf.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    /** Writes float32 tensors in the given order, atomically (temporary file, then rename). */
    public static void write(Path file, List<NamedTensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode md = header.putObject("__metadata__");
            metadata.forEach(md::put);
        }
        long offset = 0;
        for (NamedTensor t : tensors) {
            ObjectNode spec = header.putObject(t.name());
            spec.put("dtype", "F32");
            var shape = spec.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            var offs = spec.putArray("data_offsets");
            offs.add(offset);
            offset += 4L * t.values().length;
            offs.add(offset);
        }
        byte[] h = json.writeValueAsBytes(header);
        // The format asks for the data to start 8-byte aligned: pad the header with spaces.
        int padded = (h.length + 7) / 8 * 8;
        byte[] hp = new byte[padded];
        System.arraycopy(h, 0, hp, 0, h.length);
        for (int i = h.length; i < padded; i++) {
            hp[i] = ' ';
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, padded);
            os.write(len.array());
            os.write(hp);
            List<NamedTensor> order = new ArrayList<>(tensors);
            for (NamedTensor t : order) {
                ByteBuffer b = ByteBuffer.allocate(4 * t.values().length).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(t.values());
                os.write(b.array());
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
