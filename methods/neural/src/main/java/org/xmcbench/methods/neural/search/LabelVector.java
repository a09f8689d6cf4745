package org.xmcbench.methods.neural.search;

import com.github.jelmerk.hnswlib.core.Item;

/**
 * One label embedding as an hnswlib item: the library stores items by id and serialises them with Java
 * serialization when the index is saved, hence a small serializable record.
 */
record LabelVector(Integer id, float[] vector) implements Item<Integer, float[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public int dimensions() {
        return vector.length;
    }
}
