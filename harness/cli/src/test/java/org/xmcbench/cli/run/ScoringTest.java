package org.xmcbench.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xmcbench.core.data.CsrBuilder;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.XmcDataset;

/** A run's metrics reach as deep as it predicted: R@100 of a k = 100 run, without every cut-off in between. */
class ScoringTest {
    static final int LABELS = 300;

    /** One test row whose three positives the prediction ranks 1st, 15th and 40th of 50. */
    static XmcDataset oneQuery() {
        CsrBuilder train = new CsrBuilder(LABELS, 1, 1);
        train.add(0, 1f);
        train.endRow();
        CsrBuilder test = new CsrBuilder(LABELS, 1, 3);
        test.add(0, 1f);
        test.add(14, 1f);
        test.add(39, 1f);
        test.endRow();
        return new XmcDataset("one", CsrMatrix.empty(1, 4), CsrMatrix.empty(1, 4), train.build(), test.build(), null,
                null, null, null, null, null, null, null, null, Map.of());
    }

    /** Label r at rank r + 1 (scores descending), 50 of them. */
    static CsrMatrix ranked50() {
        CsrBuilder p = new CsrBuilder(LABELS, 1, 50);
        for (int r = 0; r < 50; r++) {
            p.add(r, 1f - r / 100f);
        }
        p.endRow();
        return p.build();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> dialect(Scoring.Scored s, String d) {
        return (Map<String, Object>) s.metrics().get(d);
    }

    /** The record's precision-coverage points carry their names, not an order a reader must know. */
    @Test
    void curvePointsAreWrittenWithNamedFields() throws Exception {
        Scoring.Scored s = Scoring.score(oneQuery(), ranked50(), 50);
        com.fasterxml.jackson.databind.JsonNode curve = RunSpec.JSON.readTree(RunSpec.JSON.writeValueAsString(
                Map.of("precision_coverage", s.curve()))).get("precision_coverage");
        assertEquals(1, curve.size(), "one query, one top-1 score");
        com.fasterxml.jackson.databind.JsonNode p = curve.get(0);
        assertEquals(1.0, p.get("threshold").asDouble(), 1e-6, "the top-1 score");
        assertEquals(1.0, p.get("coverage").asDouble(), 1e-12);
        assertEquals(1.0, p.get("precision").asDouble(), 1e-12);
        // The deciles as the record writes them: what the report reads ("contribution"), summing to P@5.
        double sum = 0;
        for (Map<String, Object> bin : s.decileRecord()) {
            sum += (double) bin.get("contribution");
        }
        assertEquals((double) dialect(s, "pyxclib").get("P@5"), sum, 1e-12);
    }

    @Test
    void aDeepRunReportsTheDeepCutoffsItPredicted() {
        Scoring.Scored s = Scoring.score(oneQuery(), ranked50(), 50);
        Map<String, Object> pecos = dialect(s, "pecos");
        Map<String, Object> pyx = dialect(s, "pyxclib");
        // Recall counts positives found by each depth over all three: ranks 1, 15, 40.
        assertEquals(1 / 3.0, (double) pecos.get("R@10"), 1e-12);
        assertEquals(2 / 3.0, (double) pecos.get("R@20"), 1e-12);
        assertEquals(1.0, (double) pecos.get("R@50"), 1e-12);
        assertEquals(3 / 50.0, (double) pecos.get("P@50"), 1e-12);
        assertEquals(1.0, (double) pyx.get("MRR@10"), 1e-12);
        assertTrue(pyx.containsKey("R@20") && pyx.containsKey("R@50") && pyx.containsKey("nDCG@50"));
        // Every cut-off up to the dialect's own depth, then only the deep ones.
        for (int i = 1; i <= 10; i++) {
            assertTrue(pecos.containsKey("P@" + i), "P@" + i);
        }
        assertFalse(pecos.containsKey("P@11") || pecos.containsKey("R@30") || pyx.containsKey("P@6"));
        assertFalse(pecos.containsKey("R@100"), "not predicted that deep");
        assertTrue(pecos.containsKey("coverage_at_precision@0.90"));
    }

    @Test
    void aShallowRunReportsEachDialectsOwnDepth() {
        Scoring.Scored s = Scoring.score(oneQuery(), ranked50(), 5);
        assertTrue(dialect(s, "pecos").containsKey("P@10"), "PECOS's own depth is 10");
        assertFalse(dialect(s, "pecos").containsKey("R@20"));
        assertTrue(dialect(s, "pyxclib").containsKey("P@5"));
        assertFalse(dialect(s, "pyxclib").containsKey("P@10"));
    }

    @Test
    void onlyIntegerSuffixesAreCutoffs() {
        assertTrue(Scoring.reported("coverage_at_precision@0.95", 5, 100));
        assertTrue(Scoring.reported("R@100", 5, 100));
        assertTrue(Scoring.reported("R@37", 5, 37), "the run's own k");
        assertFalse(Scoring.reported("R@37", 5, 100));
        assertTrue(Scoring.reported("PSP@3", 5, 100));
    }
}
