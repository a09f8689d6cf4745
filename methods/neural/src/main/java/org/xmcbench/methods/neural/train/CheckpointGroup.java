package org.xmcbench.methods.neural.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;

/**
 * Several already initialised blocks trained together (an encoder and a head, say), grouped only so that one
 * {@link Checkpoints} entry saves and restores all their parameters, in the order added. Not a layer: it has no
 * forward pass, and it keeps no metadata of its own (DJL's containers would write input shapes that blocks
 * initialised on their own do not have).
 */
public final class CheckpointGroup extends AbstractBlock {
    private static final byte VERSION = 1;

    public CheckpointGroup(Block... blocks) {
        super(VERSION);
        for (int i = 0; i < blocks.length; i++) {
            addChildBlock("part" + i, blocks[i]);
        }
    }

    @Override
    protected void saveMetadata(DataOutputStream os) {
        // nothing beyond the children's parameters
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is) {
        // nothing beyond the children's parameters
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        throw new UnsupportedOperationException("a checkpoint group has no forward pass");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        throw new UnsupportedOperationException("a checkpoint group has no forward pass");
    }
}
