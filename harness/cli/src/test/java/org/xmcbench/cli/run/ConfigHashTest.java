package org.xmcbench.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.cli.fixtures.ShadowingPresets;
import org.xmcbench.core.api.MethodStrategy;

/**
 * A run's configuration hash names its folder wherever the spec is read: the submitting host, a Slurm node, a
 * container. It covers the spec and nothing else: not which methods are installed where it is read, not the
 * provenance.
 */
class ConfigHashTest {
    @TempDir
    Path tmp;

    static RunSpec quick(Map<String, String> extra) {
        Map<String, String> fit = new java.util.HashMap<>(extra);
        fit.put("preset", "quick");
        return new RunSpec("xr-transformer", "LF-debian-deps", fit, List.of(Map.of()), 0, 10, 200, null, Map.of());
    }

    /** Calls {@code body} with the methods {@link Methods#installed} finds through {@code loader}. */
    static <T> T installedThrough(ClassLoader loader, Callable<T> body) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            return body.call();
        } finally {
            t.setContextClassLoader(before);
        }
    }

    /** This classpath with one more method installed: {@link ShadowingPresets}, another xr-transformer. */
    private URLClassLoader withShadowingMethod() throws Exception {
        Path services = Files.createDirectories(tmp.resolve("META-INF/services"));
        Files.writeString(services.resolve(MethodStrategy.class.getName()), ShadowingPresets.class.getName() + "\n");
        return new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void theSameSpecHashesTheSameWhereverItIsReadAndWhateverItsProvenance() throws Exception {
        RunSpec spec = quick(Map.of());
        String hash = spec.configHash();
        String file = spec.toJson();
        try (URLClassLoader shadowed = withShadowingMethod(); URLClassLoader none = new URLClassLoader(new URL[0], null)) {
            assertEquals(ShadowingPresets.QUICK, installedThrough(shadowed,
                    () -> Methods.installed().get("xr-transformer").presets().get("quick")), "the setup bites");
            assertTrue(installedThrough(none, () -> Methods.installed().isEmpty()), "the setup bites");
            assertEquals(hash, installedThrough(shadowed, () -> RunSpec.JSON.readValue(file, RunSpec.class)
                    .configHash()), "another method installed where the spec is read");
            assertEquals(hash, installedThrough(none, () -> RunSpec.JSON.readValue(file, RunSpec.class)
                    .configHash()), "the method not installed where the spec is read");
            // The fit is what the hash promises: the carried preset values, not the installed ones.
            RunSpec read = RunSpec.JSON.readValue(file, RunSpec.class);
            assertEquals(new java.util.TreeMap<>(Methods.get("xr-transformer").presets().get("quick")),
                    read.expandedFitParams(new ShadowingPresets()));

            // A preset made with other values is another configuration.
            assertNotEquals(hash, installedThrough(shadowed, () -> quick(Map.of()).configHash()));
        }
        assertEquals(hash, spec.withProvenance(Map.of("backend", "slurm", "hostname", "login1")).configHash(),
                "the provenance is no part of it");
        assertNotEquals(hash, quick(Map.of("max_len", "64")).configHash(), "a parameter is");
        assertNotEquals(hash, spec.withValidation(0.05).configHash());
    }

    /** A spec file written before specs carried their preset's values still names its own folder. */
    @Test
    void aSpecFileWithoutPresetValuesKeepsItsFolder() throws Exception {
        RunSpec spec = quick(Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> old = RunSpec.JSON.readValue(spec.toJson(), Map.class);
        old.remove("preset_values");
        Path file = tmp.resolve("spec.json");
        Files.writeString(file, RunSpec.JSON.writeValueAsString(old));
        assertEquals(spec.configHash(), RunSpec.read(file).configHash());
    }

    /** Hashes computed before specs carried their preset values: existing run folders keep their names. */
    @Test
    void runsKeepTheHashTheyHadBefore() {
        assertEquals("3bc88a70fd1beebed573eea16c699f38d6e3f7dab500e2db903b3b4b6aa067ff", new RunSpec("prior",
                "debian-tags", Map.of(), List.of(Map.of()), 0, 10, 200, null, Map.of()).configHash());
        // XR-Transformer's quick preset gained ranker_man_beam (10, the value it always trained with) when the
        // training-time beam became a parameter: a changed preset is a new run, so its hash moved then, once.
        // It moved again when quick came to name the head and bootstrap it was measured with (issue 23): the same
        // computation as before, now written down against the new defaults.
        assertEquals("9f90195e092c6da245e17144e09d8fcdd23ca4f063aa0595bed1bb48833fbf5b", quick(Map.of()).configHash());
        assertEquals("1443cd05ee00c26af089202fba25874cc3de3632be5deda86d1c3ae15149679e", new RunSpec("tfidf-knn",
                "debian-tags", Map.of("neighbours", "10"), List.of(Map.of("b", "1"), Map.of("b", "2")), 3, 5, 200,
                null, Map.of()).withImage("sha256:abc").withValidation(0.05).configHash());
    }
}
