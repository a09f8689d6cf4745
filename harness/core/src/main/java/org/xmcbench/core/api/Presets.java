package org.xmcbench.core.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** Expands the fit parameter {@code preset=NAME} into the method's preset, under the explicitly given values. */
public final class Presets {
    /** The fit parameter that names a preset. */
    public static final String KEY = "preset";

    private Presets() {}

    /**
     * The given fit parameters with {@code preset} replaced by the values of that preset; a value given explicitly
     * wins over the preset's. Without {@code preset} the map is returned as given.
     */
    public static Map<String, String> expand(MethodStrategy method, Map<String, String> given) {
        String name = given.get(KEY);
        if (name == null) {
            return given;
        }
        Map<String, String> preset = method.presets().get(name);
        if (preset == null) {
            throw new IllegalArgumentException("method '" + method.id() + "' has no preset '" + name + "'"
                    + (method.presets().isEmpty() ? " (it has none)"
                    : " (known: " + String.join(", ", new TreeSet<>(method.presets().keySet())) + ")"));
        }
        Map<String, String> out = new LinkedHashMap<>(preset);
        given.forEach((k, v) -> {
            if (!k.equals(KEY)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
