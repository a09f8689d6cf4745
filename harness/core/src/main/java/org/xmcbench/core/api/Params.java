package org.xmcbench.core.api;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Resolved parameter values (every parameter of its spec present, typed). */
public record Params(Map<String, Object> values) {
    public Params {
        values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public int getInt(String name) {
        return (Integer) require(name);
    }

    public double getDouble(String name) {
        return ((Number) require(name)).doubleValue();
    }

    public boolean getBoolean(String name) {
        return (Boolean) require(name);
    }

    public String getString(String name) {
        return (String) require(name);
    }

    private Object require(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'");
        }
        return v;
    }
}
