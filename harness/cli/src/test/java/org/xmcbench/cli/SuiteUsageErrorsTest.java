package org.xmcbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A suite file that cannot run is a usage error (exit 2) like the command line it stands for: it names the file, the
 * line to fix and the nearest known name, and nothing starts (no worker, no run folder).
 */
class SuiteUsageErrorsTest {
    @TempDir
    Path tmp;

    private CliTest.Result runSuite(String yaml) throws Exception {
        Path suite = tmp.resolve("typo.yaml");
        Files.writeString(suite, yaml);
        Path out = tmp.resolve("results");
        CliTest.Result r = CliTest.run("run", "--suite", suite.toString(), "--out", out.toString());
        assertEquals(ExitCodes.USAGE, r.code(), r.out() + r.err());
        assertTrue(!Files.exists(out), "no run folder, no worker: " + r.err());
        assertTrue(r.out().isEmpty(), "nothing ran: " + r.out());
        return r;
    }

    /** The checks refuse typos, not the suites the project ships: each loads and names only catalogued datasets. */
    @Test
    void everyCommittedSuiteLoadsWithItsMethodsAndDatasetsKnown() throws Exception {
        java.util.List<Path> suites;
        try (var files = Files.list(Path.of("../../suites"))) {
            suites = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(suites.size() >= 7, "the repository's suites/ folder: " + suites);
        var catalog = org.xmcbench.datasets.catalog.DatasetResolver.standard().catalog();
        for (Path f : suites) {
            org.xmcbench.cli.run.Suite s = org.xmcbench.cli.run.Suite.load(f);
            for (String d : s.datasets()) {
                assertEquals(null, DatasetArguments.whyUnknown(catalog, d), f.toString());
            }
        }
    }

    @Test
    void anUninstalledMethodNamesTheFileTheEntrysLineAndTheNearestId() throws Exception {
        CliTest.Result r = runSuite("name: s\ndatasets: [debian-tags]\nmethods:\n  - id: prior\n  - id: xr-linaer\n");
        assertTrue(r.err().contains("typo.yaml: line 5: unknown method 'xr-linaer' (did you mean 'xr-linear'?)"),
                r.err());
        CliTest.Result single = CliTest.run("run", "--method", "xr-linaer", "--dataset", "debian-tags");
        assertTrue(single.err().contains("unknown method 'xr-linaer' (did you mean 'xr-linear'?); installed: "),
                "the suite's wording is the command line's: " + single.err());
    }

    @Test
    void anEnsembleMemberNamingAnUninstalledMethodNamesItsLine() throws Exception {
        CliTest.Result r = runSuite("name: s\ndatasets: [debian-tags]\nmethods: [prior]\nensembles:\n  - name: e\n"
                + "    rule: rank_average\n    members:\n      - {method: prior}\n      - {method: prio}\n");
        assertTrue(r.err().contains("typo.yaml: line 9: ensemble 'e': unknown method 'prio' (did you mean 'prior'?)"),
                r.err());
    }

    @Test
    void anUnknownDatasetNamesTheFileItsLineAndTheNearestName() throws Exception {
        CliTest.Result r = runSuite("name: s\nmethods: [prior]\ndatasets:\n  - LF-debian-deps\n  - debian-tagz\n");
        assertTrue(r.err().contains("typo.yaml: line 5: unknown dataset 'debian-tagz'")
                && r.err().contains("did you mean 'debian-tags'?"), r.err());
    }

    @Test
    void anUnknownKeyIsRefusedAtEveryLevelWithItsLineAndTheAllowedKeys() throws Exception {
        CliTest.Result top = runSuite("name: s\ndatasets: [debian-tags]\nseedz: [0]\nmethods: [prior]\n");
        assertTrue(top.err().contains("typo.yaml: line 3: unknown key 'seedz' at the top level (did you mean "
                + "'seeds'?); allowed: name, datasets, methods, seeds, k, timeout, memory, latency_sample,"), top.err());
        CliTest.Result method = runSuite("name: s\ndatasets: [debian-tags]\nmethods:\n  - id: prior\n"
                + "    sett: {k: [5]}\n");
        assertTrue(method.err().contains("line 5: unknown key 'sett' in an entry of 'methods' (did you mean 'set'?); "
                + "allowed: id, set, query, datasets"), method.err());
        CliTest.Result member = runSuite("name: s\ndatasets: [debian-tags]\nmethods: [prior, tfidf-knn]\nensembles:\n"
                + "  - name: e\n    rule: rank_average\n    members:\n      - {method: prior}\n"
                + "      - {method: tfidf-knn, sets: {}}\n");
        assertTrue(member.err().contains("line 9: unknown key 'sets' in an entry of 'members' (did you mean 'set'?)"),
                member.err());
        for (String section : new String[] {"container", "slurm"}) {
            CliTest.Result r = runSuite("name: s\ndatasets: [debian-tags]\nmethods: [prior]\n" + section
                    + ":\n  memory: 4g\n  memroy: 4g\n");
            assertTrue(r.err().contains("line 6: unknown key 'memroy' in '" + section + "' (did you mean 'memory'?)"),
                    r.err());
        }
        CliTest.Result far = runSuite("name: s\ndatasets: [debian-tags]\nmethods: [prior]\nbanana: 1\n");
        assertTrue(far.err().contains("unknown key 'banana'") && !far.err().contains("did you mean"), far.err());
    }

    @Test
    void aMistypedFitOrQueryParameterOrABadValueIsRefusedAtItsLine() throws Exception {
        CliTest.Result fit = runSuite("name: s\ndatasets: [debian-tags]\nmethods:\n  - id: prior\n"
                + "  - id: xr-linear\n    set:\n      bias: [1.0]\n      stpes: [250]\n");
        assertTrue(fit.err().contains("typo.yaml: line 8: method 'xr-linear' has no fit parameter 'stpes'"), fit.err());
        CliTest.Result value = runSuite("name: s\ndatasets: [debian-tags]\nmethods:\n  - id: prior\n"
                + "  - {id: xr-linear, set: {train_beam_size: [ten]}}\n");
        assertTrue(value.err().contains("typo.yaml: line 5: method 'xr-linear': parameter 'train_beam_size' must be int"),
                value.err());
        CliTest.Result preset = runSuite("name: s\ndatasets: [debian-tags]\nmethods:\n"
                + "  - {id: xr-transformer, set: {preset: [quik]}}\n");
        assertTrue(preset.err().contains("line 4: method 'xr-transformer': method 'xr-transformer' has no preset 'quik'"),
                preset.err());
    }

    @Test
    void aSyntaxErrorNamesTheFileAndTheLineToFix() throws Exception {
        CliTest.Result unclosed = runSuite("name: s\ndatasets: [debian-tags]\nmethods: [prior]\nseeds: [0\n");
        assertTrue(unclosed.err().contains("typo.yaml: line 4: YAML syntax error"), unclosed.err());
        CliTest.Result indent = runSuite("name: s\ndatasets: [debian-tags]\nmethods:\n  - id: prior\n"
                + "     set: {k: [5]}\n");
        assertTrue(indent.err().contains("typo.yaml: line 5: YAML syntax error"), indent.err());
    }
}
