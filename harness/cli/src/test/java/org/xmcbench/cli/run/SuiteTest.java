package org.xmcbench.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.io.DataFormatException;

class SuiteTest {
    @TempDir
    Path tmp;

    @Test
    void aMethodRunsOnlyOnTheDatasetsItLists() throws Exception {
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, """
                name: s
                datasets: [a, b]
                methods:
                  - prior
                  - {id: xr-linear, datasets: [b], set: {threshold: [0.1, 0.2]}}
                """);
        List<String> runs = Suite.load(f).expand(Map.of()).stream().map(r -> r.method() + "@" + r.dataset()
                + r.fitParams()).toList();
        assertEquals(List.of("prior@a{}", "prior@b{}", "xr-linear@b{threshold=0.1}", "xr-linear@b{threshold=0.2}"), runs);
    }

    @Test
    void expectedMinutesIsAPositiveNumber() throws Exception {
        Path f = tmp.resolve("timed.yaml");
        Files.writeString(f, "name: s\ndatasets: [a]\nmethods: [prior]\nexpected_minutes: 9.5\n");
        assertEquals(9.5, Suite.load(f).expectedMinutes());
        Files.writeString(f, "name: s\ndatasets: [a]\nmethods: [prior]\nexpected_minutes: 0\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Suite.load(f));
        assertTrue(e.getMessage().contains("expected_minutes") && e.getMessage().contains("positive"),
                e.getMessage());
    }

    @Test
    void thePaperSuiteOfXrTransformerExpandsToItsPresetsAndEveryEnsembleMemberIsOneOfItsRuns() throws Exception {
        Suite s = Suite.load(Path.of("../../suites/xr-transformer-neurips21.yaml"));
        List<RunSpec> runs = s.expand(Map.of());
        assertEquals(16, runs.size(), "3 + 1 + 3 + 3 + 3 + 3 released models");
        var method = Methods.get("xr-transformer");
        for (RunSpec r : runs) {
            method.fitParams().resolve(org.xmcbench.core.api.Presets.expand(method, r.fitParams()));
        }
        assertEquals(5, s.ensemblesOrEmpty().size());
        for (Suite.EnsembleEntry e : s.ensemblesOrEmpty()) {
            for (String d : e.datasets()) {
                for (Suite.Member m : e.members()) {
                    assertTrue(runs.stream().anyMatch(r -> r.dataset().equals(d) && r.method().equals(m.method())
                            && r.fitParams().equals(m.setOrEmpty())), e.name() + " on " + d + ": " + m);
                }
            }
        }
    }

    @Test
    void aPresetRunsHashCoversThePresetsValuesAndOtherRunsKeepTheirHash() {
        RunSpec preset = new RunSpec("xr-transformer", "debian-tags", Map.of("preset", "quick"), List.of(Map.of()), 0,
                10, 200, null, Map.of());
        assertEquals(new java.util.TreeMap<>(Methods.get("xr-transformer").presets().get("quick")),
                preset.hashInput().get("preset_values"));
        RunSpec plain = new RunSpec("prior", "debian-tags", Map.of(), List.of(Map.of()), 0, 10, 200, null, Map.of());
        assertTrue(!plain.hashInput().containsKey("preset_values"));
    }

    /** ELIAS's and PRIME's paper suites: every run is a released preset that resolves, with its query settings. */
    @Test
    void theEliasAndPrimePaperSuitesRunTheirReleasedPresets() throws Exception {
        for (String suite : new String[] {"elias-neurips22", "prime-naacl25"}) {
            List<RunSpec> runs = Suite.load(Path.of("../../suites/" + suite + ".yaml")).expand(Map.of());
            assertTrue(!runs.isEmpty(), suite);
            for (RunSpec r : runs) {
                var method = Methods.get(r.method());
                assertTrue(method.presets().containsKey(r.fitParams().get("preset")), suite + ": " + r.fitParams());
                method.fitParams().resolve(org.xmcbench.core.api.Presets.expand(method, r.fitParams()));
                r.querySettings().forEach(q -> method.queryParams().resolve(q));
            }
        }
    }

    /** The ALC suite: every run of both bases resolves, and all hold the same validation share out. */
    @Test
    void theAlcSuiteResolvesForBothBasesAndEveryRunHasTheValidationShare() throws Exception {
        List<RunSpec> runs = Suite.load(Path.of("../../suites/alc-ablations.yaml")).expand(Map.of());
        assertEquals(8, runs.size());
        for (RunSpec r : runs) {
            var method = Methods.get(r.method());
            method.fitParams().resolve(org.xmcbench.core.api.Presets.expand(method, r.fitParams()));
            assertEquals(0.05, r.validation());
            assertEquals(0.05, r.hashInput().get("validation"));
        }
        RunSpec plain = new RunSpec("prior", "debian-tags", Map.of(), List.of(Map.of()), 0, 10, 200, null, Map.of());
        assertTrue(!plain.hashInput().containsKey("validation"), "runs without it keep their hash");
        assertTrue(!plain.configHash().equals(plain.withValidation(0.05).configHash()));
    }

    /** The shipped suites that run ELIAS: each of its runs resolves, with and without ELIAS++ from one fit. */
    @Test
    void theQuickAndEliasSuitesResolveTheirEliasRuns() throws Exception {
        for (String suite : new String[] {"quick", "elias"}) {
            List<RunSpec> runs = Suite.load(Path.of("../../suites/" + suite + ".yaml")).expand(Map.of());
            List<RunSpec> elias = runs.stream().filter(r -> r.method().equals("elias")).toList();
            assertTrue(elias.stream().anyMatch(r -> r.dataset().equals("LF-debian-deps")), suite);
            assertTrue(elias.stream().anyMatch(r -> r.dataset().equals("debian-tags")), suite);
            for (RunSpec r : runs) {
                var method = Methods.get(r.method());
                method.fitParams().resolve(org.xmcbench.core.api.Presets.expand(method, r.fitParams()));
                for (Map<String, String> q : r.querySettings()) {
                    method.queryParams().resolve(q);
                }
            }
            assertTrue(elias.stream().anyMatch(r -> r.querySettings().size() == 2), suite + ": rerank true and false");
        }
    }

    @Test
    void aValidationShareOutsideTheOpenIntervalIsRefusedNamingTheFile() throws Exception {
        Path f = tmp.resolve("val.yaml");
        Files.writeString(f, "name: s\ndatasets: [a]\nmethods: [prior]\nvalidation: 1.5\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Suite.load(f));
        assertTrue(e.getMessage().contains("val.yaml") && e.getMessage().contains("validation"), e.getMessage());
    }

    @Test
    void aBadEnsembleIsRefusedNamingTheFile() throws Exception {
        Path f = tmp.resolve("ens.yaml");
        Files.writeString(f, "name: s\ndatasets: [a]\nmethods: [prior]\nensembles:\n  - name: e\n    rule: median\n"
                + "    members: [{method: prior}, {method: tfidf-knn}]\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Suite.load(f));
        assertTrue(e.getMessage().contains("ens.yaml") && e.getMessage().contains("median"), e.getMessage());
        Files.writeString(f, "name: s\ndatasets: [a]\nmethods: [prior]\nensembles:\n  - name: e\n    rule: rank_average\n"
                + "    members: [{method: prior}]\n");
        e = assertThrows(DataFormatException.class, () -> Suite.load(f));
        assertTrue(e.getMessage().contains("at least 2 members"), e.getMessage());
    }

    @Test
    void aDatasetOutsideTheSuiteIsRefusedNamingTheFileAndMethod() throws Exception {
        Path f = tmp.resolve("bad.yaml");
        Files.writeString(f, "name: s\ndatasets: [a]\nmethods: [{id: prior, datasets: [c]}]\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Suite.load(f));
        assertTrue(e.getMessage().contains("bad.yaml") && e.getMessage().contains("'prior'")
                && e.getMessage().contains("'c'"), e.getMessage());
    }

    @Test
    void allInstalledMethodsLeaveOutExternalWhichNeedsAnImageAndACommand() throws Exception {
        Path f = tmp.resolve("all.yaml");
        Files.writeString(f, "name: all\ndatasets: [debian-tags]\nmethods: all\n");
        List<String> methods = Suite.load(f).expand(Map.of()).stream().map(RunSpec::method).toList();
        org.junit.jupiter.api.Assertions.assertTrue(methods.contains("xr-linear"), methods.toString());
        org.junit.jupiter.api.Assertions.assertFalse(methods.contains("external"), methods.toString());
        org.junit.jupiter.api.Assertions.assertTrue(Methods.installed().containsKey("external"));
    }
}
