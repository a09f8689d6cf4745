package org.xmcbench.methods.neural.train;

import ai.djl.MalformedModelException;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.xmcbench.core.data.CsrMatrix;

/**
 * Periodic training checkpoints in a folder: {@code step-N/} holds the model's parameters, the optimizer's moments
 * and the step. Each is written to a temporary folder and renamed, so a run killed mid-write leaves the previous
 * checkpoint intact; only the newest is kept. Resuming restores all three; the data order and the dropout seed are
 * functions of the step, so a resumed run continues exactly as an uninterrupted one.
 */
public final class Checkpoints {
    private static final String PREFIX = "step-";
    private final Path dir;
    private final String fingerprint;

    /**
     * @param dir the run's checkpoint folder
     * @param fingerprint identifies the training configuration; a checkpoint of another configuration is not resumed
     */
    public Checkpoints(Path dir, String fingerprint) {
        this.dir = dir;
        this.fingerprint = fingerprint;
    }

    /**
     * A short hash of a training configuration: the dataset's name and label counts, and the settings' text (a
     * record's {@code toString}, so every setting counts).
     */
    public static String fingerprint(String dataset, CsrMatrix trainLabels, Object settings) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((dataset + "|" + trainLabels.rows() + "|" + trainLabels.nnz() + "|" + settings)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void save(int step, Block model, AdamW optimizer) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempDirectory(dir, ".writing-");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                Files.newOutputStream(tmp.resolve("model.params"))))) {
            model.saveParameters(out);
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp.resolve("optimizer.bin")))) {
            optimizer.save(out);
        }
        new ObjectMapper().writeValue(tmp.resolve("state.json").toFile(),
                Map.of("step", step, "fingerprint", fingerprint));
        Path target = dir.resolve(PREFIX + step);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        try (Stream<Path> s = Files.list(dir)) {
            for (Path old : s.filter(p -> p.getFileName().toString().startsWith(PREFIX) && !p.equals(target))
                    .toList()) {
                deleteTree(old);
            }
        }
    }

    /** Restores the newest checkpoint of this configuration, if any; returns the number of completed steps. */
    public Optional<Integer> resume(Block model, AdamW optimizer) throws IOException {
        Optional<Path> latest = latest();
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        Path cp = latest.get();
        JsonNode state = new ObjectMapper().readTree(cp.resolve("state.json").toFile());
        if (!fingerprint.equals(state.path("fingerprint").asText())) {
            return Optional.empty(); // another configuration's checkpoint: start afresh
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                Files.newInputStream(cp.resolve("model.params"))))) {
            model.loadParameters(model.getParameters().values().get(0).getArray().getManager(), in);
        } catch (MalformedModelException e) {
            throw new IOException(cp + ": checkpoint does not fit the model: " + e.getMessage(), e);
        }
        // Loaded arrays are plain tensors: trainable parameters must track gradients again.
        for (var p : model.getParameters().values()) {
            if (p.requiresGradient()) {
                p.getArray().setRequiresGradient(true);
            }
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(cp.resolve("optimizer.bin")))) {
            optimizer.load(in);
        }
        return Optional.of(state.path("step").asInt());
    }

    private Optional<Path> latest() throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(PREFIX)
                            && Files.isRegularFile(p.resolve("state.json")))
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString()
                            .substring(PREFIX.length()))));
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
