package org.xmcbench.core.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Typed parameters with defaults and descriptions. {@link #resolve} turns user-given strings into a complete,
 * validated {@link Params}: unknown names and ill-typed values are errors that name the parameter.
 */
public final class ParamSpec {
    /** The type of a parameter's value. */
    public enum Type { INT, DOUBLE, BOOLEAN, STRING }

    /** One parameter. */
    public record Param(String name, Type type, String defaultValue, String description) {}

    private final Map<String, Param> params = new LinkedHashMap<>();

    public ParamSpec add(String name, Type type, Object defaultValue, String description) {
        params.put(name, new Param(name, type, String.valueOf(defaultValue), description));
        return this;
    }

    public Map<String, Param> params() {
        return Collections.unmodifiableMap(params);
    }

    public Params resolve(Map<String, String> given) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : given.keySet()) {
            if (!params.containsKey(k)) {
                throw new IllegalArgumentException("unknown parameter '" + k + "' (known: " + params.keySet() + ")");
            }
        }
        for (Param p : params.values()) {
            String v = given.getOrDefault(p.name(), p.defaultValue());
            out.put(p.name(), parse(p, v));
        }
        return new Params(out);
    }

    private static Object parse(Param p, String v) {
        try {
            return switch (p.type()) {
                case INT -> Integer.parseInt(v.trim());
                case DOUBLE -> Double.parseDouble(v.trim());
                case BOOLEAN -> {
                    if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                        throw new NumberFormatException();
                    }
                    yield Boolean.parseBoolean(v);
                }
                case STRING -> v;
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + p.name() + "' must be " + p.type().name().toLowerCase()
                    + ", got '" + v + "'");
        }
    }
}
