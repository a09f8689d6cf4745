package org.xmcbench.methods.alc;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import org.xmcbench.methods.neural.encoder.EngineScalars;
import org.xmcbench.methods.neural.train.BatchObjective;

/**
 * ALC's objectives added to the base method's loss, each switched by a null and scaled by its weight: the
 * hardest-negative margin, the pair-discrimination head, and the threshold-consistent margin loss. Every term sees
 * the similarity inference searches with (query embedding · final label representation).
 */
final class AlcObjectives implements BatchObjective {
    private final HardestNegativeMargin hardest;
    private final float hardestWeight;
    private final PairDiscrimination pair;
    private final float pairWeight;
    private final ThresholdConsistentMargin tcm;
    private final float tcmWeight;
    private final long seed;

    AlcObjectives(HardestNegativeMargin hardest, float hardestWeight, PairDiscrimination pair, float pairWeight,
                  ThresholdConsistentMargin tcm, float tcmWeight, long seed) {
        if (hardest == null && pair == null && tcm == null) {
            throw new IllegalArgumentException("no objective is switched on");
        }
        this.hardest = hardest;
        this.hardestWeight = hardestWeight;
        this.pair = pair;
        this.pairWeight = pairWeight;
        this.tcm = tcm;
        this.tcmWeight = tcmWeight;
        this.seed = seed;
    }

    @Override
    public void initialize(NDManager manager, int dimension) {
        if (pair != null) {
            // The head's initial weights follow the run's seed, like the rest of the model.
            Engine.getEngine("PyTorch").setRandomSeed((int) (seed * 6_151 + 11));
            pair.initialize(manager, dimension);
        }
    }

    @Override
    public Block head() {
        return pair == null ? null : pair.head();
    }

    @Override
    public NDArray compute(NDManager m, NDArray queries, NDArray labels, boolean[] alsoPositive,
                           boolean[] falseNegative) {
        int b = (int) queries.getShape().get(0);
        NDArray scores = queries.matMul(labels.transpose());
        NDArray positives = PairMasks.positives(m, alsoPositive, b, scores);
        NDArray notNegatives = PairMasks.notNegatives(m, alsoPositive, falseNegative, b, scores);
        NDArray loss = null;
        if (hardest != null) {
            NDArray eye = m.eye(b).toType(DataType.FLOAT32, false).toDevice(scores.getDevice(), false);
            loss = plus(loss, EngineScalars.mul(hardest.compute(scores, notNegatives, eye), hardestWeight));
        }
        if (pair != null) {
            loss = plus(loss, EngineScalars.mul(pair.compute(m, queries, labels, scores, positives, notNegatives), pairWeight));
        }
        if (tcm != null) {
            loss = plus(loss, EngineScalars.mul(tcm.compute(scores, positives, notNegatives), tcmWeight));
        }
        return loss;
    }

    private static NDArray plus(NDArray a, NDArray b) {
        return a == null ? b : a.add(b);
    }
}
